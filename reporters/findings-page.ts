import type { FindingsFile } from '../findings/schema';
import { calibrationSection, intro } from './page-header';
import { handshakeSections } from './page-handshake';
import { heartbeatSection } from './page-heartbeat';
import { heartbeatChoiceSection } from './page-heartbeat-choice';
import { closeMatrices, closingSections } from './page-matrices';
import type { Page } from './page-model';
import { networkSection } from './page-network';
import { reconnectSection } from './page-reconnect';
import { serversSection } from './page-servers';
import { timersSection } from './page-timers';

/** The findings page as data, in reading order: the seed's questions first, the full matrix and records last. */
export function findingsPage(file: FindingsFile): Page {
  const findings = file.findings;
  return {
    title: 'WebSocket failure findings',
    intro: intro(file),
    sections: [
      ...calibrationSection(file),
      ...networkSection(findings),
      ...timersSection(findings),
      ...serversSection(findings),
      ...heartbeatSection(findings),
      ...heartbeatChoiceSection(findings),
      ...reconnectSection(findings),
      ...handshakeSections(findings),
      ...closeMatrices(findings),
      ...closingSections(findings),
    ],
  };
}
