// Inputs that earn full marks under the preset (1000 points), to be varied one item at a time.
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { RuleSetDefinition } from '../../src/core/rule-sets/schema.ts';

export const qd06 = RuleSetDefinition.parse(preset);

export function fullMarks(): Record<string, number | boolean> {
  return {
    'pop.children': 2000,
    'pop.under1': 100,
    'pop.age3to5': 300,
    'pop.villages': 10,
    'C01.staff': true,
    'C01.collaborators': true,
    'C01.board': true,
    'C01.budget': true,
    'C02.births': 100,
    'C02.registered': 100,
    'C03.abused': 0,
    'C03.supported': 0,
    'C04.children': 0,
    'C05.injured': 10, // 500 per 100,000
    'C05.deaths': 0,
    'C06.special': 20,
    'C06.supported': 20,
    'C06.cases': 0,
    'C06.planned': 0,
    'C07.immunized': 100,
    'C08.weighed': 400,
    'C08.underweight': 20, // 5%
    'C08.stunted': 40, // 10%
    'C09.eligible': 1000,
    'C09.checked': 900,
    'C10.attending': 285, // 95%
    'C11.forum': true,
    'C11.eligible': 1000,
    'C11.consulted': 700,
    'C11.answered': true,
    'C12.playground': true,
    'C12.villages': 8,
    'C12.events': 3,
    'C13.respondents': 100,
    'C13.satisfied': 90,
  };
}
