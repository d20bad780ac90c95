import { runDetailsSchema } from '../../../src/hatchet/schemas.js';

/** Two-task runs written compactly, for the baseline and settle tests. */
export const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

/** `a` and `b` as 'STATUS@retryCount'; events as 'TYPE task@retryCount@ms'. */
export function run(
  status: string,
  a: string,
  b: string,
  events: string[] = [],
  finishedAt?: string,
) {
  const row = (name: string, spec: string) => {
    const [taskStatus, retryCount] = spec.split('@');
    return {
      metadata: { id: name },
      displayName: `${name}-1755871385123`,
      status: taskStatus,
      retryCount: Number(retryCount),
    };
  };
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status, finishedAt },
    tasks: [row('a', a), row('b', b)],
    taskEvents: events.map((spec, i) => {
      const [eventType, target = ''] = spec.split(' ');
      const [taskId, retryCount, ms] = target.split('@');
      return {
        id: i + 1,
        eventType,
        taskId,
        retryCount: Number(retryCount),
        timestamp: new Date(Number(ms)).toISOString(),
      };
    }),
  });
}
