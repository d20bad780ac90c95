/**
 * Hatchet display names are `<name>-<unixMillis>` (a task's step name, or for a run its
 * workflow's name, or a standalone task's name): the name without that suffix.
 */
export function withoutMillisSuffix(displayName: string): string {
  return displayName.replace(/-\d{10,}$/, '');
}
