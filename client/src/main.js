// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The suite's extension of sao 8.0, one concern per module.  sao loads the
// bundle (custom.js) right after its own code and before it starts, so the
// patches are in place for the login.
import './digits.js';
import './today.js';
import './jalali.js';
import './datepicker.js';
import './calendar.js';
import './branding.js';
import './locale.js';
import './board.js';
import './charts.js';
import './totals.js';
import './empty.js';
import './phone.js';
import './focus.js';
import './bidi.js';
import './reload.js';
import './scanner.js';
