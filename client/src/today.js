// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// Today in a domain is the browser's today.  sao 8.0 evaluates PYSON
// Date() as the local midnight switched to UTC: east of Greenwich (Tehran,
// Warsaw) its date is yesterday's, so a home's "Today's Collections" listed
// yesterday's and "Due this week" started a day early.  Tryton's desktop
// client takes the local date; here Date() starts from the local date too
// (a Date() with an explicit start is unchanged).

/* global Sao, jQuery */

const evalDate = Sao.PYSON.Date.eval_;
Sao.PYSON.Date.eval_ = function(value, context) {
    const start = value.start;
    if (!start || !(start.isDate || start.isDateTime)) {
        value = jQuery.extend({}, value, {'start': Sao.Date()});
    }
    return evalDate.call(this, value, context);
};
