// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The sums of a list are labelled.  sao writes the sum of the selected rows
// over the total without a word ("0" above "1,811,200,000" when nothing is
// selected); the footer says "Total" and shows the total alone, or
// "Selected" and "Total" with both sums when rows are selected.

/* global Sao, jQuery */
import {gettext} from './common.js';

// The footer cell that carries the words: the first visible cell without a
// sum after the selection column
function labelCell(row) {
    let label = row.children('th.crm-total-label');
    if (label.length) {
        return label;
    }
    for (const cell of row.children('th').slice(1)) {
        const th = jQuery(cell);
        if (!th.children('div.value').length
                && th.css('display') != 'none') {
            return th.addClass('crm-total-label');
        }
    }
    return jQuery();
}

const Tree = Sao.View.Tree.prototype;
const updateWithSelection = Tree.update_with_selection;
Tree.update_with_selection = function() {
    const result = updateWithSelection.apply(this, arguments);
    if (!this.sum_widgets || !this.sum_widgets.size) {
        return result;
    }
    const selected = this.selected_records.length > 0;
    let row = null;
    for (const [, widget] of this.sum_widgets) {
        const value = widget[1];
        const sums = value.text().split('\n');
        if (sums.length == 2 && !selected) {
            value.text(sums[1]);
        }
        row = value.closest('tr');
    }
    if (row && row.length) {
        row.addClass('crm-total');
        const text = selected ?
            gettext('selected') + '\n' + gettext('total') : gettext('total');
        const label = labelCell(row);
        if (label.length) {
            label.text(text);
        } else {
            // every column is summed: the words go before the first sum
            row.find('div.value').first().attr('data-label', text);
        }
    }
    return result;
};
