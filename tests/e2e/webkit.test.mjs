// The field flows (engine/field_flows.mjs) in WebKit, Safari's engine: Debian's WebKitGTK
// through WebKitWebDriver. A machine that cannot start it fails here.

import { fieldFlows } from './engine/field_flows.mjs';
import { openWebKit } from './engine/webkit.mjs';

fieldFlows(openWebKit);
