/**
 * Where a JSON text first breaks, and how to mend it.
 *
 * V8's own JSON.parse messages cannot be shown: some quote the text around
 * the error ('Unexpected token s, "{"apiKey": sk-abc..." is not valid JSON'),
 * which may be a key, and some give no position at all. This small
 * RFC 8259 scanner finds the first offending offset itself.
 */
export interface JsonSyntaxProblem {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** What is wrong, e.g. "a trailing comma". */
  problem: string;
  /** What to do, as a sentence. */
  fix: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
    readonly fix: string,
  ) {}
}

/** The first syntax error in `text`, or `undefined` when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const fail = (problem: string, fix: string, at = i): never => {
    throw new Stop(at, problem, fix);
  };
  const end = () => fail('the file ends too early', 'Close every open {, [ and " at the end.');
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const unexpected = (expected: string) => {
    if (i >= text.length) end();
    const c = text.charAt(i);
    if (c === "'") fail('a single quote', 'JSON needs double quotes (") around strings and keys.');
    if (c === '/') fail('a comment', 'JSON has no comments; remove it.');
    fail('an unexpected character', `Expected ${expected} here.`);
  };

  const string = () => {
    i += 1; // opening quote
    for (;;) {
      if (i >= text.length) fail('an unterminated string', 'Close the string with a double quote (").');
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i += 1;
        return;
      }
      if (code < 0x20) fail('a line break or control character inside a string', 'Close the string on the same line, or write \\n.');
      if (code === 0x5c) {
        const next = text.charAt(i + 1);
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a bad \\u escape', 'Write \\u followed by four hex digits.');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') fail('a bad escape', 'Escape only " \\ / b f n r t u with a backslash (write \\\\ for one).');
        i += 2;
        continue;
      }
      i += 1;
    }
  };

  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a malformed number', 'Write numbers like 12, 0.5 or 1e-6 (no leading zeros, no trailing dot).');
    i += match?.[0].length ?? 0;
  };

  const value = (depth: number): void => {
    if (depth > 512) fail('nesting too deep', 'Flatten the structure.');
    ws();
    if (i >= text.length) end();
    const c = text.charAt(i);
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    unexpected('a value (a string in double quotes, a number, true, false, null, { or [)');
  };

  const object = (depth: number) => {
    i += 1;
    ws();
    if (text.charAt(i) === '}') {
      i += 1;
      return;
    }
    for (;;) {
      ws();
      if (text.charAt(i) !== '"') {
        if (text.charAt(i) === '}') fail('a trailing comma', 'Remove the comma before }.', lastComma(text, i));
        unexpected('a key in double quotes');
      }
      string();
      ws();
      if (text.charAt(i) !== ':') unexpected('a colon (:) after the key');
      i += 1;
      value(depth + 1);
      ws();
      const c = text.charAt(i);
      if (c === ',') {
        i += 1;
        continue;
      }
      if (c === '}') {
        i += 1;
        return;
      }
      if (c === '"') fail('a missing comma', 'Put a comma between the entries.');
      unexpected('a comma or }');
    }
  };

  const array = (depth: number) => {
    i += 1;
    ws();
    if (text.charAt(i) === ']') {
      i += 1;
      return;
    }
    for (;;) {
      ws();
      if (text.charAt(i) === ']') fail('a trailing comma', 'Remove the comma before ].', lastComma(text, i));
      value(depth + 1);
      ws();
      const c = text.charAt(i);
      if (c === ',') {
        i += 1;
        continue;
      }
      if (c === ']') {
        i += 1;
        return;
      }
      unexpected('a comma or ]');
    }
  };

  try {
    value(0);
    ws();
    if (i < text.length) fail('more text after the end of the JSON value', 'The file must hold one object; remove what follows it.');
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), offset: error.offset, problem: error.problem, fix: error.fix };
  }
}

function lastComma(text: string, before: number): number {
  const at = text.lastIndexOf(',', before);
  return at === -1 ? before : at;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const upTo = text.slice(0, offset);
  const line = upTo.split('\n').length;
  const column = offset - (upTo.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
