// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// A text field takes the direction of its first letter (rtl.css), so a
// Persian SMS or letter template starting with a placeholder ("${name}
// عزیز، ...") read left to right, its words in reverse order around the
// placeholder.  A text holding placeholders takes the direction of its
// words instead: right to left when the first letter outside the
// placeholders is Persian (or Arabic, Hebrew).

/* global Sao */

const PLACEHOLDER = /\$\{[^}]*\}/g;
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const STRONG = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

// 'rtl' when the text has placeholders and its first word outside them is
// written right to left, else null (the field's own rule)
export function placeholderDirection(text) {
    if (!text || !text.includes('${')) {
        return null;
    }
    const letter = text.replace(PLACEHOLDER, '').match(STRONG);
    return (letter && RTL.test(letter[0])) ? 'rtl' : null;
}

function orient(input) {
    if (!input || !input.css) {
        return;
    }
    if (placeholderDirection(input.val()) == 'rtl') {
        input.css({'direction': 'rtl', 'unicode-bidi': 'isolate'});
    } else {
        input.css({'direction': '', 'unicode-bidi': ''});
    }
}

for (const Widget of [Sao.View.Form.Char, Sao.View.Form.Text]) {
    const init = Widget.prototype.init;
    Widget.prototype.init = function() {
        init.apply(this, arguments);
        if (this.input && this.input.on) {
            this.input.on('input', () => orient(this.input));
        }
    };
    const display = Widget.prototype.display;
    Widget.prototype.display = function() {
        const result = display.apply(this, arguments);
        orient(this.input);
        return result;
    };
}

// The cells of the lists' text columns take the direction of their text
// (dir="auto"; rtl.css keeps the column's alignment): a Persian text right
// to left, a Latin one left to right, and a text without letters (a phone
// "+98 912 123 4567", a code) left to right, where it read "4567 123 912
// 98+" in a Persian list.  The only place the cells' direction is set.
const TEXT_COLUMNS = new Set([
    'column-char', 'column-text', 'column-many2one', 'column-one2one',
    'column-reference', 'column-email', 'column-url', 'column-callto',
    'column-sip']);
const getCell = Sao.View.Tree.CharColumn.prototype.get_cell;
Sao.View.Tree.CharColumn.prototype.get_cell = function() {
    const cell = getCell.apply(this, arguments);
    if (TEXT_COLUMNS.has(this.class_)) {
        cell.attr('dir', 'auto');
    }
    return cell;
};
