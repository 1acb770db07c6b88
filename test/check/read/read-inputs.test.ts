import { expect } from 'chai';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../../../src/check/read/input-error.js';
import { isManifestFile, MAX_INPUT_BYTES, readInputs, STDIN_NAME, TOO_LARGE } from '../../../src/check/read/read-inputs.js';

async function collect(args: string[], stdin: AsyncIterable<Buffer | string> = Readable.from([])): Promise<unknown[]> {
  const inputs: unknown[] = [];
  for await (const input of readInputs(args, stdin)) {
    inputs.push(input instanceof InputError ? { error: input.file, message: input.message, cause: (input.cause as NodeJS.ErrnoException | undefined)?.code } : input);
  }
  return inputs;
}

describe('readInputs', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'check-read-inputs-'));
    await mkdir(path.join(dir, 'tree', 'b', 'deeper'), { recursive: true });
    await writeFile(path.join(dir, 'tree', 'z.yaml'), 'z');
    await writeFile(path.join(dir, 'tree', 'a.JSON'), 'a');
    await writeFile(path.join(dir, 'tree', 'notes.txt'), 'skipped');
    await writeFile(path.join(dir, 'tree', 'b', 'm.yml'), 'm');
    await writeFile(path.join(dir, 'tree', 'b', 'deeper', 'x.yaml'), 'x');
    await writeFile(path.join(dir, 'plain.txt'), 'named, so read');
    // A link back up the tree must not walk forever.
    await symlink(path.join(dir, 'tree'), path.join(dir, 'tree', 'b', 'loop'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks a folder depth first, in code-point order, manifest files only', async () => {
    const tree = path.join(dir, 'tree');
    expect(await collect([tree])).to.deep.equal([
      { name: path.join(tree, 'a.JSON'), text: 'a' },
      { name: path.join(tree, 'b', 'deeper', 'x.yaml'), text: 'x' },
      { name: path.join(tree, 'b', 'm.yml'), text: 'm' },
      { name: path.join(tree, 'z.yaml'), text: 'z' },
    ]);
  });

  it('reads a named file whatever its extension', async () => {
    expect(await collect([path.join(dir, 'plain.txt')])).to.deep.equal([{ name: path.join(dir, 'plain.txt'), text: 'named, so read' }]);
  });

  it('reads - as standard input, in command-line order', async () => {
    const stdin = Readable.from([Buffer.from('kind: '), Buffer.from('List\n')]);
    expect(await collect(['-', path.join(dir, 'plain.txt')], stdin)).to.deep.equal([
      { name: STDIN_NAME, text: 'kind: List\n' },
      { name: path.join(dir, 'plain.txt'), text: 'named, so read' },
    ]);
  });

  context('when an input cannot be read', () => {
    it('yields an error in its place and goes on', async () => {
      const missing = path.join(dir, 'missing.yaml');
      expect(await collect([missing, path.join(dir, 'plain.txt')])).to.deep.equal([
        { error: missing, message: 'cannot read', cause: 'ENOENT' },
        { name: path.join(dir, 'plain.txt'), text: 'named, so read' },
      ]);
    });

    it('yields an error for a broken standard input', async () => {
      const broken = Readable.from(
        (async function* () {
          yield Buffer.from('a');
          throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        })(),
      );
      expect(await collect(['-'], broken)).to.deep.equal([{ error: STDIN_NAME, message: 'cannot read', cause: 'EIO' }]);
    });
  });

  context('when an input is not UTF-8', () => {
    it('yields an error at the first bad byte instead of replacing it, for a file and for standard input', async () => {
      const latin1 = path.join(dir, 'latin1.yaml');
      await writeFile(latin1, Buffer.from('a: caf\xe9\n', 'latin1'));
      const stdin = Readable.from([Buffer.from([0x61, 0x3a, 0x20]), Buffer.from([0xc0, 0x0a])]);
      const places: unknown[] = [];
      for await (const input of readInputs([latin1, '-'], stdin)) {
        places.push(input instanceof InputError ? { file: input.file, line: input.line, column: input.column, message: input.message } : input);
      }
      expect(places).to.deep.equal([
        { file: latin1, line: 1, column: 7, message: 'not valid UTF-8: byte 0xe9 at offset 6' },
        { file: STDIN_NAME, line: 1, column: 4, message: 'not valid UTF-8: byte 0xc0 at offset 3' },
      ]);
    });
  });
});

describe('readInputs, within MAX_INPUT_BYTES', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'check-read-limit-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file of exactly MAX_INPUT_BYTES', async () => {
    const file = path.join(dir, 'at-limit.yaml');
    await writeFile(file, 'a'.repeat(MAX_INPUT_BYTES));
    const [input] = await collect([file]);
    expect((input as { text: string }).text).to.have.length(MAX_INPUT_BYTES);
  });

  it('refuses a file one byte larger, unread', async () => {
    const file = path.join(dir, 'over.yaml');
    await writeFile(file, 'a'.repeat(MAX_INPUT_BYTES + 1));
    expect(await collect([file])).to.deep.equal([{ error: file, message: TOO_LARGE, cause: undefined }]);
  });

  it('stops reading a device that never ends', async () => {
    expect(await collect(['/dev/zero'])).to.deep.equal([{ error: '/dev/zero', message: TOO_LARGE, cause: undefined }]);
  });

  it('stops reading standard input that never ends, and reads no more of it', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 0x61);
      }
    }
    expect(await collect(['-'], endless())).to.deep.equal([{ error: STDIN_NAME, message: TOO_LARGE, cause: undefined }]);
    expect(pulled * 64 * 1024).to.be.at.most(MAX_INPUT_BYTES + 64 * 1024);
  });

  it('says how much it reads', () => {
    expect(TOO_LARGE).to.equal('too large: check reads at most 8 MiB (8388608 bytes) of one input');
  });
});

describe('isManifestFile', () => {
  const cases: [string, boolean][] = [
    ['a.yaml', true],
    ['a.yml', true],
    ['a.json', true],
    ['A.YAML', true],
    ['a.txt', false],
    ['yaml', false],
    ['a.yaml.bak', false],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      expect(isManifestFile(name)).to.equal(expected);
    });
  }
});
