import { expect } from 'chai';
import { useStandIn } from './stand-in.js';
import { documentationFiles, markedBlocks, renderTranscript, TRANSCRIPTS, unmarkedTranscripts } from './transcripts.js';

const FIX = 'run `npm run transcripts` to rewrite the marked blocks from a real kubectl run';

describe('documentation transcripts', () => {
  const blocks = documentationFiles().flatMap(markedBlocks);

  context('the markers', () => {
    it('mark every block that shows kubectl at work', () => {
      const unmarked = documentationFiles().flatMap((file) => unmarkedTranscripts(file).map((line) => `${file}: ${line}`));
      expect(unmarked, 'put <!-- transcript: <case> --> before each, with a case in test/integration/transcripts.ts').to.deep.equal([]);
    });

    it('name cases that exist', () => {
      expect(blocks.map((b) => b.name).filter((name) => !(name in TRANSCRIPTS))).to.deep.equal([]);
    });

    it('show every case somewhere', () => {
      const shown = new Set(blocks.map((b) => b.name));
      expect(Object.keys(TRANSCRIPTS).filter((name) => !shown.has(name))).to.deep.equal([]);
    });
  });

  context('each marked block', () => {
    const standIn = useStandIn();

    for (const block of blocks) {
      it(`${block.file}: ${block.name} is what kubectl prints`, async function () {
        const commands = TRANSCRIPTS[block.name];
        if (!commands) this.skip();
        const { text, exits } = await renderTranscript(standIn().kubectl, commands);
        expect(exits, 'kubectl exit codes').to.deep.equal(commands.map((c) => c.exit));
        expect(block.body, FIX).to.equal(text);
      });
    }
  });
});
