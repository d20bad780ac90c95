#!/usr/bin/env bash
# The reference users compare the action with: the loop the Hatchet docs give. Replay, then
# `runs get` every 5 s until the run and all its tasks are terminal, then fetch logs and events.
# Usage: reference-loop.sh RUN_ID [PROFILE]
set -euo pipefail
run_id=$1
profile=${2:-ci}
terminal='^(COMPLETED|FAILED|CANCELLED)$'

hatchet runs replay "$run_id" -p "$profile" -o json >/dev/null
while true; do
  sleep 5
  details=$(hatchet runs get "$run_id" -p "$profile" -o json)
  status=$(jq -r '.run.status' <<<"$details")
  unfinished=$(jq '[.tasks[] | select(.status | test("^(COMPLETED|FAILED|CANCELLED)$") | not)] | length' <<<"$details")
  if [[ $status =~ $terminal && $unfinished == 0 ]]; then
    break
  fi
done
hatchet runs logs "$run_id" -p "$profile" -o json >/dev/null
hatchet runs events "$run_id" -p "$profile" -o json >/dev/null
echo "$status"
