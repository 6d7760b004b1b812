// Reading a large XML export as a stream: the file in 64 KB chunks through saxes, each element
// handed to a format's handler with the text it holds (plain or CDATA, entities decoded), and
// what the handler makes of it yielded chunk by chunk. Memory holds one chunk's worth of items
// and the element path, whatever the file's size.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/** A file that is not well-formed XML (or not the expected format), with where it went wrong. */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly what: string,
  ) {
    super(`line ${line}, column ${column}: ${what}`);
  }
}

export interface XmlHandler<T> {
  /** An element starts; `path` holds the names of its ancestors, outermost first. */
  open?(name: string, attributes: Record<string, string>, path: readonly string[]): void;
  /** An element ends, with its own text (the text after its last child, for mixed content). */
  close(name: string, text: string, path: readonly string[], emit: (item: T) => void): void;
}

export interface ReadProgress {
  /** Bytes of the file read so far. */
  onBytes?(bytesRead: number): void;
}

/** saxes's message without the position prefix it adds itself. */
function plainMessage(error: Error): string {
  return error.message.replace(/^\d+:\d+: /, '');
}

/**
 * Yields what `handler` emits while reading `file`. Stops with an ImportFileError at the first
 * place the XML is malformed (including a file that ends early).
 */
export async function* readXml<T>(
  file: string,
  handler: XmlHandler<T>,
  progress: ReadProgress = {},
): AsyncGenerator<T> {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const out: T[] = [];
  let text = '';
  let failure: ImportFileError | undefined;
  // What comes after the first error is not trusted: nothing more is handed out.
  const emit = (item: T) => {
    if (!failure) out.push(item);
  };
  parser.on('error', (error) => {
    failure ??= new ImportFileError(parser.line, parser.column, plainMessage(error));
  });
  parser.on('opentag', (tag) => {
    handler.open?.(tag.name, tag.attributes as Record<string, string>, path);
    path.push(tag.name);
    text = '';
  });
  parser.on('text', (value) => {
    text += value;
  });
  parser.on('cdata', (value) => {
    text += value;
  });
  parser.on('closetag', (tag) => {
    path.pop();
    const own = text;
    text = '';
    handler.close(tag.name, own, path, emit);
  });

  const decoder = new StringDecoder('utf8');
  let bytesRead = 0;
  const check = function* () {
    yield* out.splice(0, out.length);
    if (failure) throw failure;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    bytesRead += (chunk as Buffer).length;
    parser.write(decoder.write(chunk as Buffer));
    progress.onBytes?.(bytesRead);
    yield* check();
  }
  parser.write(decoder.end());
  parser.close();
  yield* check();
}
