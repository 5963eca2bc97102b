// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The blocks of the home dashboards (sao's board): each block lists what
// its action's domain selects.  sao 8.0 computes the domain of a board's
// action but does not give it to the block's screen (Tryton's desktop
// client does), so "Cheques Due This Week" would list every cheque.

/* global Sao */

const Action = Sao.View.Board.Action.prototype;
const init = Action.init;
Action.init = function(view, attributes) {
    init.call(this, view, attributes);
    this.action_prm.done(() => {
        const screen = this.screen;
        if (!screen || screen.domain === this.domain) {
            return;
        }
        // the same list: update_domain changes it in place
        screen.domain = this.domain;
        if (screen.current_view) {
            screen.search_filter(screen.screen_container.get_text());
        }
    });
};
