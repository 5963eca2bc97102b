// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// Jalali (Solar Hijri) dates for the users whose calendar is Jalali (res.user
// "Calendar", by default the Persian speakers): every date and date-time
// sao shows (form fields, list cells, search filters, graphs, the date
// picker) and reads is Jalali; the server keeps Gregorian dates.  sao
// formats and parses all of them through Sao.common.format_date,
// parse_date, format_datetime and parse_datetime, which are wrapped here;
// the calendar arithmetic is jalaali-js's.  An impossible date (1404/12/30:
// 1404 is not a leap year) is refused with a message and the field keeps
// its value.

/* global Sao, moment */
import {
    isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali,
} from 'jalaali-js';

import {gettext, isJalali, language} from './common.js';
import {normalizeDigits, persianDigits} from './digits.js';

export const MONTHS = {
    'fa': ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر',
        'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
    'latin': ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad',
        'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'],
};

// The name of Jalali month jm (1-12) in the user's language
export function monthName(jm) {
    return (language() == 'fa' ? MONTHS.fa : MONTHS.latin)[jm - 1];
}

// The Jalali {jy, jm, jd} of a moment (its own calendar day)
export function jalaliOf(date) {
    return toJalaali(date.year(), date.month() + 1, date.date());
}

// A moment (sao's Date) of the Jalali day
export function fromJalali(jy, jm, jd) {
    const {gy, gm, gd} = toGregorian(jy, jm, jd);
    return Sao.Date(gy, gm - 1, gd);
}

export {jalaaliMonthLength as monthLength};

// moment's tokens: [literal], the date ones, the localized ones, the rest
const TOKENS = /(\[[^\]]*\])|(YYYYY|YYYY|YY|Y|MMMM|MMM|MM|Mo|M|DDDD|DDD|DD|Do|D)|(LTS|LT|LLLL|LLL|LL|L|llll|lll|ll|l)|(.)/g;

// 'L' and its kin spelled out in the tokens of the current locale
function expandLocalized(format) {
    const data = moment.localeData();
    return format.replace(TOKENS, (match, literal, date, local) => {
        if (local && !local.startsWith('LT')) {
            return data.longDateFormat(local.toUpperCase());
        }
        return match;
    });
}

function pad(number, length) {
    return String(number).padStart(length, '0');
}

// The moment formatted with the Jalali year, month and day in place of
// the Gregorian ones (weekdays and times are the same in both calendars)
export function formatJalali(date, format) {
    const {jy, jm, jd} = jalaliOf(date);
    const dayOfYear = () => (jm <= 7 ? (jm - 1) * 31 : 186 + (jm - 7) * 30) + jd;
    const values = {
        'YYYYY': pad(jy, 5), 'YYYY': pad(jy, 4), 'YY': pad(jy % 100, 2),
        'Y': jy, 'MMMM': monthName(jm), 'MMM': monthName(jm), 'MM': pad(jm, 2),
        'Mo': jm, 'M': jm, 'DDDD': pad(dayOfYear(), 3), 'DDD': dayOfYear(),
        'DD': pad(jd, 2), 'Do': jd, 'D': jd,
    };
    format = expandLocalized(format).replace(TOKENS, (match, literal, token) => {
        if (token) {
            return '[' + values[token] + ']';
        }
        return match;
    });
    // moment writes the digits of the locale (Persian in fa)
    return date.format(format);
}

// Errors of the last parses: normalized text -> message
const ERRORS = new Map();

export function parseError(text) {
    return ERRORS.get(normalizeDigits(String(text || '')).trim());
}

const TWO_DIGITS_PIVOT = 70;  // 70 -> 1370, 05 -> 1405

// Parse the Jalali date at the start of value following the order of the
// date tokens of format.  Returns {gregorian: true} for a Gregorian year
// (1700 and later: the client reads those as typed), {error} for an
// impossible date, null when there is no date, else {year, month, day} of
// the Gregorian day with the rest of value and the rest of format (the
// time of a date-time).
export function parseJalali(format, value) {
    const text = normalizeDigits(value).trim();
    const parts = [];
    let last = -1;
    for (const match of expandLocalized(format).matchAll(TOKENS)) {
        const token = match[2];
        if (token) {
            parts.push(token[0]);
            last = match.index + match[0].length;
        }
    }
    if (!parts.length) {
        return null;
    }
    const restFormat = expandLocalized(format).slice(last);
    // The date ends at the first space unless the format has some in it
    let datePart = text, rest = '';
    const space = text.search(/\s/);
    if ((space >= 0) && /\s/.test(restFormat)) {
        datePart = text.slice(0, space);
        rest = text.slice(space);
    }
    let numbers = datePart.split(/\D+/).filter(Boolean);
    if ((numbers.length == 1) && (numbers[0].length == 8) &&
            (parts.length == 3)) {
        // 14050910: the widths of the parts in the format's order
        const widths = parts.map(p => p == 'Y' ? 4 : 2);
        let start = 0;
        numbers = widths.map(width => {
            const number = numbers[0].slice(start, start + width);
            start += width;
            return number;
        });
    }
    if (!numbers.length || (numbers.length > parts.length)) {
        return null;
    }
    // Missing parts are today's: "10" the 10th of this month, "9/10"
    // the 10th of Azar this year
    const today = jalaliOf(moment());
    const given = {'Y': null, 'M': null, 'D': null};
    const order = parts.filter(p => (numbers.length > 2) || (p != 'Y'))
        .filter(p => (numbers.length > 1) || (p == 'D'));
    order.forEach((part, i) => {
        given[part] = numbers[i];
    });
    let jy = given.Y === null ? today.jy : Number(given.Y);
    const jm = given.M === null ? today.jm : Number(given.M);
    const jd = Number(given.D);
    if ((given.Y !== null) && (given.Y.length <= 2)) {
        jy += jy >= TWO_DIGITS_PIVOT ? 1300 : 1400;
    }
    if (jy >= 1700) {
        return {gregorian: true};
    }
    if (!isValidJalaaliDate(jy, jm, jd)) {
        let reason;
        if ((jm < 1) || (jm > 12)) {
            reason = gettext('no_month', jm);
        } else {
            reason = gettext('month_days', monthName(jm), jy,
                jalaaliMonthLength(jy, jm));
        }
        let error = gettext('invalid_date', value.trim(), reason);
        if (language() == 'fa') {
            error = persianDigits(error);
        }
        ERRORS.set(text, error);
        return {error};
    }
    const {gy, gm, gd} = toGregorian(jy, jm, jd);
    return {year: gy, month: gm, day: gd, rest, restFormat};
}

// The formats of the browser's own date inputs stay Gregorian
const ISO = new Set([
    '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', 'YYYY-MM-DD', 'YYYY-MM-DDTHH:mm:ss']);

function jalaliFormat(format) {
    return isJalali() && !ISO.has(format);
}

const original = {
    format_date: Sao.common.format_date,
    parse_date: Sao.common.parse_date,
    format_datetime: Sao.common.format_datetime,
    parse_datetime: Sao.common.parse_datetime,
};

// The browser's date inputs read ISO in Latin digits only (moment writes
// the digits of the locale: Persian in fa)
function latin(format, date) {
    return (date && ISO.has(format)) ? date.clone().locale('en') : date;
}

Sao.common.format_date = function(format, date) {
    if (!date || !jalaliFormat(format)) {
        return original.format_date(format, latin(format, date));
    }
    return formatJalali(date, Sao.common.moment_format(format));
};

Sao.common.format_datetime = function(format, date) {
    if (!date || !jalaliFormat(format)) {
        return original.format_datetime(format, latin(format, date));
    }
    return formatJalali(date, Sao.common.moment_format(format));
};

Sao.common.parse_date = function(format, value) {
    value = normalizeDigits(value);
    if (!value || !jalaliFormat(format)) {
        return original.parse_date(format, value);
    }
    const result = parseJalali(Sao.common.moment_format(format), value);
    if (!result || result.error) {
        return null;
    } else if (result.gregorian) {
        return original.parse_date(format, value);
    }
    return Sao.Date(result.year, result.month - 1, result.day);
};

Sao.common.parse_datetime = function(format, value) {
    value = normalizeDigits(value);
    if (!value || !jalaliFormat(format)) {
        return original.parse_datetime(format, value);
    }
    const result = parseJalali(Sao.common.moment_format(format), value);
    if (!result || result.error) {
        return null;
    } else if (result.gregorian) {
        return original.parse_datetime(format, value);
    }
    // The Gregorian day and the time as typed, read by sao
    return original.parse_datetime('YYYY-MM-DD' + result.restFormat,
        [result.year, pad(result.month, 2), pad(result.day, 2)].join('-') +
        result.rest);
};

// The widgets that took the functions when sao was loaded
for (const [klass, kind] of [
        [Sao.View.Form.Date, 'date'],
        [Sao.View.Form.DateTime, 'datetime'],
        [Sao.View.Form.Dict.Date, 'date'],
        [Sao.View.Form.Dict.DateTime, 'datetime'],
        [Sao.ScreenContainer.Dates, 'date'],
        [Sao.ScreenContainer.DateTimes, 'datetime'],
        ]) {
    klass.prototype._format = Sao.common['format_' + kind];
    klass.prototype._parse = Sao.common['parse_' + kind];
}

// An impossible date is refused: the field keeps its value, the input its
// text in red and the user is told why (once per text)
function refuse(input, message) {
    input.closest('.input-group, .input-icon').addClass('has-error');
    input.attr('title', message);
    if (input.data('crm-refused') != input.val()) {
        input.data('crm-refused', input.val());
        Sao.common.warning.run(message, gettext('invalid_title'));
    }
}

function accept(input) {
    if (input.data('crm-refused') !== undefined) {
        input.closest('.input-group, .input-icon').removeClass('has-error');
        input.removeAttr('title');
        input.removeData('crm-refused');
    }
}

const set_value = Sao.View.Form.Date.prototype.set_value;
Sao.View.Form.Date.prototype.set_value = function() {
    const text = this.date.val();
    if (text && (this.get_value() === null)) {
        const error = parseError(text);
        if (error) {
            refuse(this.date, error);
            return;
        }
    }
    accept(this.date);
    return set_value.call(this);
};

const display = Sao.View.Form.Date.prototype.display;
Sao.View.Form.Date.prototype.display = function() {
    const result = display.apply(this, arguments);
    accept(this.date);
    return result;
};
