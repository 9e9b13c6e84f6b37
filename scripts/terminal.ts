// Colour only for a person at a terminal; plain text when piped or NO_COLOR is set.
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

export function painter(stream: NodeJS.WriteStream) {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  return (style: Style, text: string) => (on ? styleText(style, text) : text);
}
