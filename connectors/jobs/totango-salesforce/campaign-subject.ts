// The subject of the Salesforce event a campaign touch becomes, in the seed's words:
// `Ongoing/One time campaign "Campaign Name" was sent to N users. From: user@domain.com`.
// How Totango's timeline event names the campaign's kind, its recipients and its sender is not
// documented (api-reference §6): the names below are the ones the fake uses, plus the obvious
// alternatives, and a part Totango does not give is left out rather than guessed.

const ONE_TIME = /^one[\s_-]?time$/i;

function recipients(props: Record<string, unknown>): number | undefined {
  const count = Number(props.user_count ?? props.users_count ?? props.recipients_count);
  if (props.user_count !== undefined && Number.isFinite(count)) return count;
  for (const key of ['users', 'recipients', 'user_ids'])
    if (Array.isArray(props[key])) return (props[key] as unknown[]).length;
  if (Number.isFinite(count)) return count;
  return props.user_id ? 1 : undefined;
}

export function campaignSender(props: Record<string, unknown>): string | null {
  const v = props.sender ?? props.from ?? props.sent_by;
  return typeof v === 'string' && v !== '' ? v : null;
}

export function campaignKind(props: Record<string, unknown>): 'Ongoing' | 'One time' {
  const v = String(props.campaign_type ?? props.type ?? '');
  return ONE_TIME.test(v) || /^(single|once)$/i.test(v) ? 'One time' : 'Ongoing';
}

export function campaignSubject(props: Record<string, unknown>): string {
  const n = recipients(props);
  const sent = n === undefined ? 'was sent' : `was sent to ${n} ${n === 1 ? 'user' : 'users'}`;
  const from = campaignSender(props);
  return `${campaignKind(props)} campaign "${String(props.campaign_name ?? '')}" ${sent}.${from ? ` From: ${from}` : ''}`;
}

export function recipientCount(props: Record<string, unknown>): number | null {
  return recipients(props) ?? null;
}
