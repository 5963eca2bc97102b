// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// A form whose record is reloaded (after a wizard such as Send SMS, or a
// button) is emptied while its values come back from the server.  sao 8.0
// compares each input, still showing the old value, with the emptied record
// and takes the form for modified: an action launched in that moment (a
// second or more on a busy server) asked "This record has been modified,
// do you want to save it?" of a record nobody touched.  A widget counts as
// modified only once its field is loaded again: what the user typed is in
// a loaded field, and a new record counts as loaded.

/* global Sao */

Object.defineProperty(Sao.View.Form.prototype, 'modified', {
    get() {
        const record = this.record;
        for (const name in this.widgets) {
            if (record && !record.is_loaded(name)) {
                continue;
            }
            for (const widget of this.widgets[name]) {
                if (widget.modified) {
                    return true;
                }
            }
        }
        return false;
    },
    configurable: true,
});
