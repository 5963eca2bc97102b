// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// Persian (۰-۹) and Arabic-Indic (٠-٩) digits are accepted wherever a number,
// an amount, a date, a time or a phone is typed: the keystrokes (and pastes)
// into those inputs are turned into ASCII digits before the input gets them,
// so even <input type=number> takes them; the values sao reads (search
// filters, dates) are normalised too.

/* global Sao */
import {language} from './common.js';

const NATIVE = /[\u06F0-\u06F9\u0660-\u0669\u066B\u066C]/;
const NATIVE_ALL = /[\u06F0-\u06F9\u0660-\u0669\u066B\u066C]/g;
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

// ASCII digits for Persian and Arabic-Indic ones; the Arabic decimal and
// thousands separators become the locale's (the number input's: '.', none)
export function normalizeDigits(text, numberInput = false) {
    if (typeof text != 'string' || !NATIVE.test(text)) {
        return text;
    }
    const locale = (Sao.i18n && Sao.i18n.locale) || {};
    return text.replace(NATIVE_ALL, char => {
        const code = char.charCodeAt(0);
        if (code >= 0x06F0 && code <= 0x06F9) {
            return String(code - 0x06F0);
        } else if (code >= 0x0660 && code <= 0x0669) {
            return String(code - 0x0660);
        } else if (char == '\u066B') {  // ARABIC DECIMAL SEPARATOR
            return numberInput ? '.' : (locale.decimal_point || '.');
        } else {  // ARABIC THOUSANDS SEPARATOR
            return numberInput ? '' : (locale.thousands_sep || ',');
        }
    });
}

// Persian digits for ASCII ones (what the client writes itself in Persian)
export function persianDigits(text) {
    return String(text).replace(/[0-9]/g, d => PERSIAN_DIGITS[d]);
}

// Inputs of numbers, amounts, dates, times and phones
const NUMERIC_TYPES = new Set(
    ['number', 'tel', 'date', 'datetime-local', 'time']);
const NUMERIC_WIDGETS = [
    '[class*="-integer"]', '[class*="-float"]', '[class*="-numeric"]',
    '[class*="-date"]', '[class*="-time"]',
    ].join(',');
// Char fields that hold phones, numbers and codes
const NUMERIC_NAMES = new Set([
    'phone', 'mobile', 'fax', 'value', 'other_value', 'caller', 'number',
    'code', 'postal_code', 'zip', 'card_number', 'national_id',
    'economic_code', 'extension']);

// Dates keep what is typed: they are read (Jalali or not) by jalali.js
const DATE_WIDGETS = [
    '.form-date', '.form-datetime', '.dict-date', '.dict-datetime',
    '.input-date', '.input-datetime-local', '.editabletree-date',
    '.editabletree-datetime',
    ].join(',');

export function wantsAsciiDigits(input) {
    if (!input || input.tagName != 'INPUT') {
        return false;
    }
    if ((input.type == 'text') && input.closest(DATE_WIDGETS)) {
        return false;
    }
    return (NUMERIC_TYPES.has(input.type) ||
        NUMERIC_NAMES.has(input.name) ||
        Boolean(input.closest(NUMERIC_WIDGETS)));
}

document.addEventListener('beforeinput', evt => {
    let data = evt.data;
    if ((data === null) && evt.dataTransfer) {
        data = evt.dataTransfer.getData('text/plain');
    }
    if (!data || !NATIVE.test(data) || !wantsAsciiDigits(evt.target)
            || evt.target.readOnly || evt.target.disabled) {
        return;
    }
    evt.preventDefault();
    const text = normalizeDigits(data, evt.target.type == 'number');
    // insertText keeps the caret, the undo stack and the input events
    if (!document.execCommand('insertText', false, text)) {
        evt.target.value = normalizeDigits(
            evt.target.value, evt.target.type == 'number') + text;
        evt.target.dispatchEvent(new Event('input', {bubbles: true}));
    }
}, true);

// The search filter: "Amount: ۱۲۰۰۰۰۰", "Date: ۱۴۰۵/۰۹/۱۰", and the char
// fields whose input takes Latin digits, "Number: ۱۴۰۵/۰۰۰۲" (a Persian
// keyboard types Persian digits)
const NUMERIC_FIELDS = new Set([
    'integer', 'float', 'numeric', 'date', 'datetime', 'timestamp', 'time',
    'timedelta']);
const convert_value = Sao.common.DomainParser.prototype.convert_value;
Sao.common.DomainParser.prototype.convert_value = function(
        field, value, context) {
    if (NUMERIC_FIELDS.has(field.type)
            || (['char', 'text'].includes(field.type)
                && NUMERIC_NAMES.has(field.name))) {
        value = normalizeDigits(value);
    }
    return convert_value.call(this, field, value, context);
};

// A free text of the search filter made of digits only ("۰۹۱۲۳۴۵",
// "۱۴۰۵/۰۰۰۲", "+۹۸ ۹۱۲"): a phone, a number or a code, which the server
// keeps in Latin digits; words with digits ("پلاک ۸") are searched as typed
const NUMERIC_TEXT = /^[\s\d\u06F0-\u06F9\u0660-\u0669+\-/().,]+$/;
const parseClause = Sao.common.DomainParser.prototype.parse_clause;
Sao.common.DomainParser.prototype.parse_clause = function(tokens) {
    for (const clause of tokens) {
        // a clause keeps its array (the parser marks it as one)
        if (Array.isArray(clause) && !this.is_generator(clause)
                && (clause.length == 1) && (typeof clause[0] == 'string')
                && NUMERIC_TEXT.test(clause[0])) {
            clause[0] = normalizeDigits(clause[0]);
        }
    }
    return parseClause.call(this, tokens);
};

// The record counters ("3/8" of a tab, " 2 / 5" of a form's list or a
// dialog's): sao writes the count in the user's digits (toLocaleString)
// and the position in Latin ones, "3/۸" for a Persian user; both in
// Persian digits.
function persianCounter(label) {
    if (label && label.text && (language() == 'fa')) {
        const text = persianDigits(label.text());
        label.text(text).attr('title', text);
    }
}
for (const [Class, label] of [
        [Sao.Tab.Form, 'status_label'],
        [Sao.View.Form.One2Many, 'badge'],
        [Sao.View.Form.Many2Many, 'badge'],
        [Sao.Window.Form, 'label']]) {
    const message = Class.prototype.record_message;
    Class.prototype.record_message = function(...args) {
        const result = message.apply(this, args);
        persianCounter(this[label]);
        return result;
    };
}

// The lists' numbers, codes and phones ("1405/0002", "1101", "+98 912 ...")
// in Persian digits for a Persian user, as the amounts and dates beside
// them: the char fields whose input takes Latin digits (NUMERIC_NAMES), when
// the text has no Latin letter ("C0001", an e-mail stay as they are).
// Typed back, in a field or the search filter, they are read as Latin.
const LATIN_LETTER = /[A-Za-z]/;
const updateText = Sao.View.Tree.CharColumn.prototype.update_text;
Sao.View.Tree.CharColumn.prototype.update_text = function(cell, record) {
    const result = updateText.call(this, cell, record);
    if ((this.class_ == 'column-char') && (language() == 'fa')
            && NUMERIC_NAMES.has(this.field_name)) {
        const text = cell.text();
        if (text && !LATIN_LETTER.test(text)) {
            const persian = persianDigits(text);
            cell.text(persian).attr('title', persian);
        }
    }
    return result;
};
