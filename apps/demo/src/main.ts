import { Narrator } from './narrator.js';
import { setStage } from './stage.js';
import { playStory } from './story.js';

/** `npm run demo`: the whole chain on real device data; exits 0 only if every verdict holds. */
const narrator = new Narrator();
narrator.chapter('Tessera demo: service on an embedded database, two customer sites');
const stage = await setStage();
narrator.note(`service ${stage.service.url}`);
narrator.note(`St Mary Hospital ${stage.stMary.url}, City Clinic ${stage.cityClinic.url}`);
let ok = false;
try {
  await playStory(stage, narrator);
  ok = narrator.summary();
} catch (error) {
  process.stderr.write(
    `demo stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
} finally {
  await stage.close();
}
process.exit(ok ? 0 : 1);
