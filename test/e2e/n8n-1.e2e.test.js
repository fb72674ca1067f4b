'use strict';

// n8n 1.123.x on this machine's Node (20). See everyCheck.js for what is checked.
require('./everyCheck').describeEveryCheck(1);
