// The field flows (engine/field_flows.mjs) in Firefox ESR over WebDriver BiDi. A machine
// that cannot start it fails here.

import { fieldFlows } from './engine/field_flows.mjs';
import { openFirefox } from './engine/firefox.mjs';

fieldFlows(openFirefox);
