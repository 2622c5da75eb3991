import { App } from 'aws-cdk-lib';
import { stageConfig } from '../config/stages.js';
import { addFleetOpsStacks } from '../fleetops-app.js';

// `npx cdk synth -c stage=prod`; dev by default. Environment-agnostic unless the stage config
// names an account and region, so synth never performs a lookup.
const app = new App();
addFleetOpsStacks(app, stageConfig(app.node.tryGetContext('stage')));
app.synth();
