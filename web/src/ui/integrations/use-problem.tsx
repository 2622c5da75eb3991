import { useState } from 'preact/hooks';

/**
 * What an admin screen says when an action fails: `run(what, task)` runs the task, clears the
 * message when it succeeds and answers its result, or sets "Could not {what}: …" and answers
 * undefined; `Problem` renders the message as an alert.
 */
export function useProblem() {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const run = async <T,>(what: string, task: () => Promise<T>): Promise<T | undefined> => {
    try {
      const result = await task();
      setProblem(undefined);
      return result;
    } catch (error) {
      setProblem(`Could not ${what}: ${(error as Error).message}`);
      return undefined;
    }
  };
  return { problem, setProblem, run };
}

/** The alert of a failed action, nothing when there is none. */
export function Problem(props: { problem: string | undefined }) {
  return props.problem ? (
    <p class="error" role="alert">
      {props.problem}
    </p>
  ) : null;
}
