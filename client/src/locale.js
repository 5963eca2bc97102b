// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// sao's own strings that its Persian and Polish catalogs leave empty or
// fuzzy (favorites, notifications, the e-mail and log dialogs, record
// messages...), translated by the suite (client/locale/*.json) and merged
// into the catalog sao loads at login.

/* global Sao */
import fa from '../locale/fa.json';
import pl from '../locale/pl.json';

const CATALOGS = {fa, pl};

const loadJSON = Sao.i18n.loadJSON;
Sao.i18n.loadJSON = function(data, ...args) {
    const header = data[''] || {};
    const lang = (header.language || Sao.i18n.getLocale() || '')
        .split(/[_-]/)[0];
    const extra = CATALOGS[lang];
    if (extra) {
        Object.assign(data, extra);
    }
    return loadJSON.call(this, data, ...args);
};
