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

// sao runs the user's home actions (the role's dashboard) before it loads
// the user's language, direction and formats: on a browser in another
// language their tabs were drawn in it ("Filters" for a Persian user).
// The preferences load the language first.
const rpc = Sao.rpc;
Sao.rpc = Object.assign(function(args, ...rest) {
    const result = rpc.call(this, args, ...rest);
    if (args.method != 'model.res.user.get_preferences') {
        return result;
    }
    return result.then(preferences => {
        const lang = preferences && preferences.language;
        if (!lang || lang == Sao.i18n.getLocale()) {
            return preferences;
        }
        if (preferences.language_direction) {
            Sao.i18n.set_direction(preferences.language_direction);
        }
        if (preferences.locale) {
            Sao.i18n.locale = preferences.locale;
        }
        return Sao.i18n.setlang(lang).then(
            () => preferences, () => preferences);
    });
}, rpc);  // its helpers (Sao.rpc.prepareObject...)

// sao titles its Preferences dialog with an untranslated "Preferences"
const Preferences = Sao.Window.Preferences;
Sao.Window.Preferences = Sao.class_(Preferences, {
    init: function(...args) {
        Preferences.prototype.init.apply(this, args);
        this.el.find('.modal-title').first().text(
            Sao.i18n.gettext('Preferences'));
    },
});
