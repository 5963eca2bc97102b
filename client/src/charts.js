// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// The charts of the workspace (graph views, drawn by billboard.js).
//
// - A bar chart stacks its y fields marked fill="1" (the kinds of money of
//   the cash-flow forecast, the directions of the calls): sao draws every
//   y field side by side; the other fields (bounced amounts, targets) stay
//   beside the stack.
// - The value axis of a bar chart reads in the language's compact notation
//   (6B, ۶ میلیارد, 6 mld) instead of 6000000000; the categories (months,
//   marketers) stay on one line, slanted when they do not fit.

/* global Sao, jQuery */
import {language} from './common.js';

const Chart = Sao.View.Graph.Chart.prototype;
const bbConfig = Chart._bb_config;

export function stackedKeys(yfields) {
    return yfields
        .filter(yfield => yfield.fill == '1')
        .map(yfield => yfield.key || yfield.name);
}

Chart._bb_config = function(data) {
    const config = bbConfig.call(this, data);
    if (this._chart_type != 'bar') {
        return config;
    }
    const stacked = stackedKeys(this.yfields);
    if (stacked.length > 1) {
        config.data.groups = [stacked];
    }
    const format = new Intl.NumberFormat(language(), {
        'notation': 'compact',
        'maximumFractionDigits': 1,
    });
    config.axis = config.axis || {};
    config.axis.y = jQuery.extend(true, config.axis.y || {}, {
        'tick': {'format': value => format.format(value)},
    });
    // the names of months on one line, slanted when they do not fit
    if (config.axis.x && config.axis.x.type == 'category') {
        config.axis.x.tick = jQuery.extend(config.axis.x.tick || {}, {
            'multiline': false,
            'autorotate': true,
            'rotate': -35,
        });
    }
    return config;
};
