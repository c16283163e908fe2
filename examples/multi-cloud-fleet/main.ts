import { App } from 'cdktf';
import { buildExampleFleet } from './fleet';

// `npm run synth` (into ./cdktf.out) or `cdktf synth` in this folder.
const app = new App();
const fleet = buildExampleFleet(app);
app.synth();
console.log(fleet.summary());
