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
// - Dates on the x axis are read by billboard in Persian too.

/* global Sao, jQuery */
import {language} from './common.js';

const Chart = Sao.View.Graph.Chart.prototype;
const bbConfig = Chart._bb_config;

export function stackedKeys(yfields) {
    return yfields
        .filter(yfield => yfield.fill == '1')
        .map(yfield => yfield.key || yfield.name);
}

// Persian (and Arabic-Indic) digits to the Latin ones billboard reads
export function latinDigits(text) {
    return String(text).replace(/[\u06F0-\u06F9\u0660-\u0669]/g,
        digit => String((digit.charCodeAt(0) & 0xF)));
}

Chart._bb_config = function(data) {
    const config = bbConfig.call(this, data);
    // sao writes the dates of the x axis with the language's digits, which
    // billboard cannot read back: no bar at all in Persian
    const field = this.view.screen.model.fields[this.xfield.name];
    if (['date', 'datetime'].includes(field.description.type)) {
        const labels = config.data.columns[0];
        for (let i = 1; i < labels.length; i++) {
            if (labels[i] !== null && labels[i] !== undefined) {
                labels[i] = latinDigits(labels[i]);
            }
        }
    }
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
