// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The field a form focuses first (a new record, a saved one with an error)
// is a field a person types into.  sao's focus chain puts the inputs with
// a tabindex first, sorted by it, so the browser's date inputs laid
// transparent over the calendar icons (tabindex -1: out of the keyboard's
// chain) came before every field: a new quotation focused the calendar of
// Valid From, which scrolled a phone's page away from the party at its top
// (a tap on the party then landed on that calendar).  Those inputs are
// out of this chain too.

/* global Sao */

const chain = Sao.common.get_focus_chain;
Sao.common.get_focus_chain = function(element) {
    return chain.call(this, element).not('.icon-input > input');
};
