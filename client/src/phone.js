// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// Phone numbers are tel: links, which phones dial and softphones open (sao
// writes callto:, Skype's old scheme): the call-to widgets of the forms, and
// the links of list cells as they are touched (sao writes those once their
// record is loaded).

/* global Sao */

export function tel(value) {
    return 'tel:' + String(value || '').replace(/[^+\d]/g, '');
}

// A handset (Material Design's "call" icon) instead of the globe of links
const HANDSET = 'data:image/svg+xml;utf8,' + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    + '<path fill="#267f82" d="M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59'
    + 'l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1'
    + ' 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1'
    + ' .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z"/>'
    + '</svg>');

const CallTo = Sao.View.Form.CallTo.prototype;
CallTo.set_url = function(value) {
    Sao.View.Form.URL.prototype.set_url.call(this, value ? tel(value) : '');
};
CallTo.set_icon = function() {
    this.icon.attr('src', HANDSET);
    this.button.addClass('crm-call').attr('title', 'tel');
};

for (const type of ['mousedown', 'touchstart', 'focusin', 'click']) {
    document.addEventListener(type, event => {
        const link = event.target.closest &&
            event.target.closest('a[href^="callto:"]');
        if (link) {
            link.setAttribute('href',
                tel(link.getAttribute('href').slice('callto:'.length)));
        }
    }, true);
}
