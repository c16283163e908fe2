/**
 * The lines of a script that wait for the Velero Restore named in
 * `$restore` to end: Completed goes on; PartiallyFailed, Failed and
 * FailedValidation stop the script with the Restore's status (velero.io/v1
 * RestorePhase, vmware-tanzu/velero@v1.18.1:pkg/apis/velero/v1/restore_types.go),
 * and so does the deadline. `what` names the restore in the messages.
 */
export function waitForVeleroRestore(what: string, minutes: number, fix: string): string[] {
  return [
    `deadline=$((SECONDS + ${minutes * 60}))`,
    'while :; do',
    '  phase="$(kubectl -n velero get "$restore" -o jsonpath=\'{.status.phase}\')"',
    '  case "$phase" in',
    '    Completed) break ;;',
    '    PartiallyFailed|Failed|FailedValidation)',
    `      echo "${what} failed: $restore is $phase. Fix: ${fix}" >&2`,
    '      kubectl -n velero get "$restore" -o jsonpath=\'{.status}\' >&2; echo >&2',
    '      exit 1 ;;',
    '  esac',
    `  if [ "$SECONDS" -ge "$deadline" ]; then echo "${what} timed out: $restore is \${phase:-New} after ${minutes} minutes" >&2; exit 1; fi`,
    '  sleep 15',
    'done',
  ];
}
