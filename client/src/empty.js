// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// An empty list says so.  sao draws nothing under the headers of a list
// without records (a search that found none, a new company's cheques), so
// a user could not tell an empty list from one still loading.  The list's
// area reads "No records" in the user's language (empty.css shows it a
// moment later, so a list being filled does not flash it).

/* global Sao */
import {gettext} from './common.js';

function mark(tree) {
    if (!tree.treeview) {
        return;
    }
    const empty = !tree.group || !tree.group.length;
    tree.treeview.toggleClass('crm-empty', empty);
    if (empty) {
        tree.treeview.attr('data-empty', gettext('no_records'));
        // back to the list's start, where the message is: a list scrolled
        // sideways before the search showed neither
        tree.treeview[0].scrollLeft = 0;
    }
}

const Tree = Sao.View.Tree.prototype;
const display = Tree.display;
Tree.display = function(...args) {
    const result = display.apply(this, args);
    if (result && result.always) {
        result.always(() => mark(this));
    } else {
        mark(this);
    }
    return result;
};
