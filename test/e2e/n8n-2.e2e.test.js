'use strict';

// n8n 2.40.x on Node 24 (installed from the npm registry into the cache). See everyCheck.js.
require('./everyCheck').describeEveryCheck(2);
