/**
 * `npm run transcripts`: rewrites every marked kubectl transcript in README.md
 * and docs/*.md from a real kubectl run against the stand-in, for after a
 * change of wording. transcripts.test.ts then passes; read the diff before
 * committing it, since it is what users will be shown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, startStandIn } from './stand-in.js';
import { documentationFiles, markedBlocks, renderTranscript, TRANSCRIPTS } from './transcripts.js';

const standIn = await startStandIn();
if (!standIn) process.exit(2);
try {
  for (const file of documentationFiles()) {
    let text = readFileSync(path.join(REPO, file), 'utf8');
    // From the last block to the first, so that earlier offsets stay valid.
    for (const block of markedBlocks(file).reverse()) {
      const commands = TRANSCRIPTS[block.name];
      if (!commands) throw new Error(`${file}: no transcript case named ${block.name} in test/integration/transcripts.ts`);
      const { text: rendered, exits } = await renderTranscript(standIn.kubectl, commands);
      const expected = commands.map((c) => c.exit);
      if (exits.join() !== expected.join()) console.warn(`${file}: ${block.name}: kubectl exited ${exits.join(', ')}, the case says ${expected.join(', ')}`);
      text = `${text.slice(0, block.start)}${rendered}\n${text.slice(block.end)}`;
      console.log(`${file}: ${block.name}`);
    }
    writeFileSync(path.join(REPO, file), text);
  }
} finally {
  await standIn.close();
}
