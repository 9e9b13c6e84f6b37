// The CLI's Io on the page: its prose goes to the "Technical details" log,
// transfer progress to the progress bar. Nobody is asked anything through it:
// the page has its own buttons and form.
import type { Io, Prompts } from "../cli/context.ts";

export function pageIo(log: HTMLElement, progress: (label: string, sent: number, total: number) => void): Io {
  const append = (text: string) => {
    log.textContent += text;
    log.scrollTop = log.scrollHeight;
  };
  const noQuestions = async (q: string): Promise<never> => { throw new Error(`the page does not answer prompts (${q})`); };
  const prompts: Prompts = { confirm: noQuestions, text: noQuestions, password: noQuestions, select: noQuestions };
  return { out: append, err: append, interactive: false, tty: false, prompts, progress, env: {} };
}
