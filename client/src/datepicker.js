// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The date picker of Jalali users: sao's calendar button is the browser's
// own <input type=date> (Gregorian), laid transparent over the icon.  For a
// Jalali user a click on it opens this picker instead: a Jalali month,
// week from Saturday, Friday the weekend, Persian digits in Persian.  The
// picked day goes back through the browser input (ISO, Gregorian) so sao's
// own handler fills the field.

/* global jQuery, moment */
import {gettext, isJalali, language} from './common.js';
import {persianDigits} from './digits.js';
import {fromJalali, jalaliOf, monthLength, monthName} from './jalali.js';

const NATIVE = 'input[type="date"], input[type="datetime-local"]';
const SATURDAY_FIRST = [6, 0, 1, 2, 3, 4, 5];

function digits(number) {
    return language() == 'fa' ? persianDigits(number) : String(number);
}

function rtl() {
    return document.documentElement.getAttribute('dir') == 'rtl';
}

let current = null;

function close() {
    if (current) {
        current.popup.remove();
        document.removeEventListener('mousedown', outside, true);
        document.removeEventListener('keydown', escape, true);
        current = null;
    }
}

function outside(evt) {
    if (current && !current.popup[0].contains(evt.target)) {
        close();
    }
}

function escape(evt) {
    if (evt.key == 'Escape') {
        evt.stopPropagation();
        close();
    }
}

function pick(date) {
    const native = current.native;
    // ISO in Latin digits whatever the locale
    let value = date.clone().locale('en').format('YYYY-MM-DD');
    if (native.type == 'datetime-local') {
        // keep the time of the field
        const time = (native.value.split('T')[1] || '00:00:00');
        value += 'T' + time;
    }
    native.value = value;
    close();
    jQuery(native).trigger('change');
}

function render() {
    const {popup, year, month, selected} = current;
    const today = jalaliOf(moment());
    const backward = rtl() ? '›' : '‹', forward = rtl() ? '‹' : '›';
    const head = jQuery('<div/>', {'class': 'crm-jdp-head'});
    const button = (cls, text, title, delta) => jQuery('<button/>', {
        'type': 'button',
        'class': 'btn btn-link ' + cls,
        'title': title,
        'aria-label': title,
    }).text(text).click(evt => {
        evt.preventDefault();
        let m = current.month + delta;
        current.year += Math.floor((m - 1) / 12);
        current.month = ((m - 1) % 12 + 12) % 12 + 1;
        render();
    });
    head.append(
        button('crm-jdp-prev-year', backward + backward,
            gettext('previous_year'), -12),
        button('crm-jdp-prev', backward, gettext('previous_month'), -1),
        jQuery('<span/>', {'class': 'crm-jdp-title'}).text(
            monthName(month) + ' ' + digits(year)),
        button('crm-jdp-next', forward, gettext('next_month'), 1),
        button('crm-jdp-next-year', forward + forward,
            gettext('next_year'), 12));

    const table = jQuery('<table/>', {'class': 'crm-jdp-grid'});
    const names = moment.localeData().weekdaysMin();
    const header = jQuery('<tr/>').appendTo(jQuery('<thead/>').appendTo(table));
    for (const day of SATURDAY_FIRST) {
        header.append(jQuery('<th/>', {
            'class': day == 5 ? 'crm-jdp-weekend' : '',
            'scope': 'col',
        }).text(names[day]));
    }
    const body = jQuery('<tbody/>').appendTo(table);
    const first = fromJalali(year, month, 1);
    const offset = SATURDAY_FIRST.indexOf(first.day());
    const length = monthLength(year, month);
    let row;
    for (let cell = 0; cell < 42; cell++) {
        if (cell % 7 === 0) {
            if (cell >= offset + length) {
                break;
            }
            row = jQuery('<tr/>').appendTo(body);
        }
        const td = jQuery('<td/>').appendTo(row);
        const jd = cell - offset + 1;
        if ((jd < 1) || (jd > length)) {
            continue;
        }
        const date = fromJalali(year, month, jd);
        const classes = ['btn', 'btn-default', 'btn-sm', 'crm-jdp-day'];
        if (cell % 7 == 6) {
            classes.push('crm-jdp-weekend');
        }
        if ((today.jy == year) && (today.jm == month) && (today.jd == jd)) {
            classes.push('crm-jdp-today');
        }
        if (selected && selected.isSame(date, 'day')) {
            classes.push('active');
        }
        jQuery('<button/>', {
            'type': 'button',
            'class': classes.join(' '),
            'data-date': date.clone().locale('en').format('YYYY-MM-DD'),
            'data-jalali': [year, month, jd].join('/'),
        }).text(digits(jd)).click(evt => {
            evt.preventDefault();
            pick(date);
        }).appendTo(td);
    }
    const foot = jQuery('<div/>', {'class': 'crm-jdp-foot'}).append(
        jQuery('<button/>', {
            'type': 'button',
            'class': 'btn btn-link crm-jdp-goto-today',
        }).text(gettext('today')).click(evt => {
            evt.preventDefault();
            pick(moment());
        }));
    popup.empty().append(head, table, foot);
}

function place(popup, anchor) {
    const rect = anchor.getBoundingClientRect();
    const width = popup.outerWidth(), height = popup.outerHeight();
    let left = rtl() ? rect.left : rect.right - width;
    left = Math.max(4, Math.min(left, window.innerWidth - width - 4));
    let top = rect.bottom + 2;
    if ((top + height > window.innerHeight) && (rect.top - height - 2 > 0)) {
        top = rect.top - height - 2;
    }
    popup.css({'left': left, 'top': Math.max(4, top)});
}

function open(native) {
    close();
    let selected = null;
    if (native.value) {
        selected = moment(native.value.slice(0, 10), 'YYYY-MM-DD');
    }
    const {jy, jm} = jalaliOf(selected || moment());
    const popup = jQuery('<div/>', {
        'class': 'crm-jdp',
        'role': 'dialog',
        'dir': rtl() ? 'rtl' : 'ltr',
    }).appendTo('body');
    current = {popup, native, year: jy, month: jm, selected};
    render();
    place(popup, native.parentElement);
    document.addEventListener('mousedown', outside, true);
    document.addEventListener('keydown', escape, true);
}

// The calendar button of sao's date widgets holds the browser's input
function nativeInput(target) {
    const icon = target.closest && target.closest('.icon-input');
    const native = icon && icon.querySelector(NATIVE);
    if (!native || !isJalali() || native.readOnly || native.disabled) {
        return null;
    }
    return native;
}

// Before the browser: no focus, no native picker for Jalali users
for (const type of ['mousedown', 'touchstart']) {
    document.addEventListener(type, evt => {
        if (nativeInput(evt.target)) {
            evt.preventDefault();
        }
    }, {capture: true, passive: false});
}
document.addEventListener('click', evt => {
    const native = nativeInput(evt.target);
    if (!native) {
        return;
    }
    evt.preventDefault();
    evt.stopPropagation();
    // sao's handler puts the field's value in the input (ISO)
    jQuery(native).triggerHandler('click');
    open(native);
}, true);
