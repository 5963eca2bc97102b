// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The product's name and the company's logo instead of "Tryton": in the
// window title, the title bar and the login dialog.  The name and the
// product's logo are configured in client/branding/brand.json; once logged
// in, the title bar shows the logo of the user's company (Company / Logo)
// and remembers it for the next login dialog of that database.

/* global Sao, jQuery */
import brand from '../branding/brand.json';

import {language} from './common.js';

const LOGO = 'crm/' + brand.logo.split('/').pop();

export function productName() {
    return brand.name[language()] || brand.name.en;
}

Object.defineProperty(Sao.config, 'title', {
    get: productName,
    set: () => {},
    configurable: true,
});

function storageKey(database) {
    return 'crm-company-logo:' + (database || '');
}

function rememberedLogo(database) {
    try {
        return window.localStorage.getItem(storageKey(database));
    } catch (e) {
        return null;
    }
}

function logo(src, cls) {
    return jQuery('<img/>', {
        'class': 'crm-brand-logo ' + (cls || ''),
        'src': src || LOGO,
        'alt': '',
    });
}

// The name in the language sao has just loaded
const setlang = Sao.i18n.setlang;
Sao.i18n.setlang = function() {
    return setlang.apply(this, arguments).always(() => Sao.set_title());
};

// The title bar: logo, then sao's #title (the name, set by Sao.set_title)
jQuery(() => {
    jQuery('link[rel="icon"]').attr('href', LOGO);
    jQuery('#title').before(logo(null, 'crm-brand-navbar'));
});

function showCompanyLogo(src) {
    jQuery('.crm-brand-navbar').attr('src', src || LOGO);
}

function bytesToDataURL(bytes) {
    if (!bytes) {
        return null;
    }
    if (typeof bytes == 'string') {
        bytes = Uint8Array.from(atob(bytes), c => c.charCodeAt(0));
    }
    let binary = '';
    for (let i = 0; i < bytes.length; i++) {
        binary += String.fromCharCode(bytes[i]);
    }
    const svg = binary.trimStart().startsWith('<');
    return 'data:' + (svg ? 'image/svg+xml' : 'image/png') + ';base64,' +
        btoa(binary);
}

// After the login: the company's logo, if it has one
const get_preferences = Sao.get_preferences;
Sao.get_preferences = function() {
    return get_preferences.apply(this, arguments).then(preferences => {
        const session = Sao.Session.current_session;
        const company = session && session.context.company;
        if (company) {
            Sao.rpc({
                'method': 'model.company.company.read',
                'params': [[company], ['logo'], {}],
            }, session, true, false).then(result => {
                const src = bytesToDataURL(result && result[0].logo);
                showCompanyLogo(src);
                try {
                    if (src) {
                        window.localStorage.setItem(
                            storageKey(session.database), src);
                    } else {
                        window.localStorage.removeItem(
                            storageKey(session.database));
                    }
                } catch (e) {
                    // no storage: the next login shows the product's logo
                }
            }, () => showCompanyLogo(null));
        }
        return preferences;
    });
};

// The login dialog: logo and name above the fields
const login_dialog = Sao.Session.login_dialog;
Sao.Session.login_dialog = function() {
    const dialog = login_dialog.apply(this, arguments);
    const database = window.location.hash.replace(/^(#(!|))/, '')
        .split('/', 1)[0];
    dialog.body.prepend(jQuery('<div/>', {'class': 'crm-brand-login'}).append(
        logo(rememberedLogo(database), 'crm-brand-login-logo'),
        jQuery('<h2/>', {'class': 'crm-brand-name'}).text(productName())));
    dialog.modal.addClass('crm-brand-dialog');
    return dialog;
};
