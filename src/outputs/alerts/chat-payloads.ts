/**
 * Payloads for chat systems, built from an alert message: Slack incoming webhooks (`text`
 * plus a mrkdwn section block, with &, < and > escaped as Slack requires) and Matrix
 * `m.room.message` events (plain body plus HTML formatted_body, escaped). Pure.
 */
import type { AlertMessage } from './alert-change.js';

export function slackPayload(message: AlertMessage, link?: string) {
  const escape = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const title = escape(message.title);
  const text = escape(message.text);
  return {
    text: `${title}: ${text}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${title}*\n${text}${link === undefined ? '' : `\n<${encodeURI(link)}|Event details>`}`,
        },
      },
    ],
  };
}

export function matrixPayload(message: AlertMessage, link?: string) {
  const html = (text: string) =>
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;');
  return {
    msgtype: 'm.text',
    body: `${message.title}: ${message.text}${link === undefined ? '' : ` ${link}`}`,
    format: 'org.matrix.custom.html',
    formatted_body: `<strong>${html(message.title)}</strong><br/>${html(message.text)}${link === undefined ? '' : ` <a href="${html(encodeURI(link))}">Event details</a>`}`,
  };
}
