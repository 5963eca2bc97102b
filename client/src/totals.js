// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The sums of a list are labelled.  sao writes the sum of the selected rows
// over the total without a word ("0" above "1,811,200,000" when nothing is
// selected); the footer says "Total" and shows the total alone, or
// "Selected" and "Total" with both sums when rows are selected.  The sums
// of an amount column carry its currency symbol ("98,050,000 ریال") when
// every row of the list is in the same currency.

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

// The symbol (and its side) shared by the rows of a column with a symbol,
// null when the column has none or its rows have different ones
function sharedSymbol(tree, column) {
    const symbolName = column.attributes.symbol;
    const field = tree.screen.model.fields[column.attributes.name];
    if (!symbolName || !field || !field.get_symbol) {
        return null;
    }
    let shared = null;
    for (const record of tree.group) {
        const [symbol, position] = field.get_symbol(record, symbolName);
        if (!symbol) {
            continue;
        }
        if (shared && (shared[0] != symbol || shared[1] != position)) {
            return null;
        }
        shared = [symbol, position];
    }
    return shared;
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
    for (const [column, widget] of this.sum_widgets) {
        const value = widget[1];
        let sums = value.text().split('\n');
        if (sums.length == 2 && !selected) {
            sums = [sums[1]];
        }
        const symbol = (sums[0] != '-') && sharedSymbol(this, column);
        if (symbol) {
            sums = sums.map(sum => (Math.round(symbol[1]) >= 1) ?
                sum + ' ' + symbol[0] : symbol[0] + ' ' + sum);
        }
        value.text(sums.join('\n'));
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
