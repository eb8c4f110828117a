/**
 * JSON input files (snapshots, reports given to `resil diff`): a syntax error is reported with the
 * line and column a person opens in an editor, in the same words on every Node version (V8 gives
 * a character offset at best, and none at all for some errors).
 */

export interface JsonSyntaxProblem {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (UTF-16 code units, as editors count them for BMP text). */
  column: number;
  /** What was expected, in words: `expected ',' or '}' after a property value`. */
  message: string;
}

/** The 1-based line and column of a 0-based offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly what: string,
  ) {
    super(what);
  }
}

/**
 * Finds the first syntax error of `text` as JSON (RFC 8259), or undefined when it is valid JSON.
 * Only called after JSON.parse failed, so it favours clear messages over speed.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const found = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${found()}`);
  };

  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'unterminated string (expected a closing ")');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'a control character (such as a line break) inside a string');
      if (c === 92) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new Stop(i + 1, 'an invalid escape sequence in a string');
        continue;
      }
      i++;
    }
  };

  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') fail('a value');
    i += m![0].length;
  };

  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail('a value (an object, array, string, number, true, false or null)');
  };

  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') throw new Stop(i, 'a trailing comma before }');
        fail('a property name in double quotes');
      }
      string();
      ws();
      if (text[i] !== ':') fail("':' after the property name");
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail("',' or '}' after a property value");
    }
  };

  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') throw new Stop(i, 'a trailing comma before ]');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail("',' or ']' after an array element");
    }
  };

  try {
    value();
    ws();
    if (i < text.length) fail('the end of the file after the top-level value');
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { ...lineColumn(text, err.offset), message: err.what };
  }
}

/** Thrown by parseJsonText: carries where the syntax error is. */
export class JsonSyntaxError extends Error {
  constructor(readonly problem: JsonSyntaxProblem) {
    super(`line ${problem.line}, column ${problem.column}: ${problem.message}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * JSON.parse with a position a person can use: throws JsonSyntaxError naming line and column.
 * A leading UTF-8 byte-order mark (some Windows editors write one) is ignored, as editors hide it.
 */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const problem = findJsonSyntaxError(body);
    // Our scanner and V8 agree on what JSON is; if they ever do not, keep V8's message.
    throw new JsonSyntaxError(problem ?? { line: 1, column: 1, message: (err as Error).message });
  }
}
