// A native hatchet.exe for Windows runners, where a script cannot be spawned without a shell:
// it runs the simulator (../hatchet.cjs, or $HATCHET_SIM_SCRIPT) with node and the same
// arguments, passing stdio and the exit code through. Build: go build -o bin-windows/hatchet.exe
package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	script := os.Getenv("HATCHET_SIM_SCRIPT")
	if script == "" {
		exe, err := os.Executable()
		if err != nil {
			os.Exit(1)
		}
		script = filepath.Join(filepath.Dir(exe), "..", "hatchet.cjs")
	}
	cmd := exec.Command("node", append([]string{script}, os.Args[1:]...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.ExitCode())
		}
		os.Exit(1)
	}
}
