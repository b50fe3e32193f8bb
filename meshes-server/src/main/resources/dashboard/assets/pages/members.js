// The organization's people: owners invite (the link shown once), change roles and remove; admins
// see the list read-only; members do not see this page. The last owner's controls are disabled (the
// API refuses with 409 anyway).
import { get, post, put, del } from '../api.js';
import { h, show, form, field, when, attempt, notify, table, copyButton } from '../dom.js';
import { can } from '../abilities.js';

const ROLES = ['member', 'admin', 'owner'];

export async function list() {
  if (!can('members')) {
    return h('section', {}, h('h1', {}, 'Members'), h('p', { id: 'members-refused' }, 'Only owners and admins see the members.'));
  }
  const manage = can('people');
  const rows = h('tbody', { id: 'member-rows' });
  async function reload() {
    const members = (await get('/api/v1/members')).records;
    const owners = members.filter((m) => m.role === 'owner').length;
    show(rows, members.map((m) => memberRow(m, manage, owners, reload)));
  }
  const pending = h('tbody', { id: 'invitation-rows' });
  async function reloadInvitations() {
    const invitations = (await get('/api/v1/invitations')).records;
    show(pending, invitations.length
      ? invitations.map((i) => invitationRow(i, manage, reloadInvitations))
      : h('tr', {}, h('td', { colspan: 4, class: 'muted empty' }, 'No invitation is waiting.')));
  }
  await Promise.all([reload(), reloadInvitations()]);
  const linkBox = h('div', { id: 'invitation-once' });
  return h('section', {},
    h('h1', {}, 'Members'),
    manage ? null : h('p', { class: 'muted', id: 'members-read-only' }, 'Only owners invite people and change their roles.'),
    table(['Email', 'Role', 'Joined', ''], rows),
    h('h2', {}, 'Waiting invitations'),
    table(['Email', 'Role', 'Expires', ''], pending),
    manage ? [
      h('h2', {}, 'Invite someone'),
      linkBox,
      form({ id: 'invite', class: 'inline' }, [
        field('Email', h('input', { name: 'email', type: 'email', required: true })),
        field('Role', h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r }, r)))),
        h('button', { type: 'submit', class: 'primary' }, 'Invite'),
      ], async (values) => {
        const { invitation } = await post('/api/v1/members', { email: values.email.trim(), role: values.role });
        showLinkOnce(linkBox, invitation);
        await reloadInvitations();
      }),
    ] : null);
}

function memberRow(member, manage, owners, reload) {
  const lastOwner = member.role === 'owner' && owners === 1;
  const why = lastOwner ? 'The last owner: make someone else owner first' : null;
  const role = manage
    ? h('select', { class: 'role', disabled: lastOwner, title: why, 'aria-label': 'Role of ' + member.email,
      onchange: (event) => attempt(async () => {
        const wanted = event.target.value;
        try {
          await put('/api/v1/members/' + member.user_id, { role: wanted });
        } catch (error) {
          event.target.value = member.role; // refused: the role stays as it was
          throw error;
        }
        await reload();
        notify(`${member.email} is now ${wanted}`, 'ok');
      }) }, ROLES.map((r) => h('option', { value: r, selected: r === member.role }, r)))
    : member.role;
  return h('tr', { 'data-email': member.email },
    h('td', {}, member.email),
    h('td', {}, role),
    h('td', {}, when(member.joined_at)),
    h('td', { class: 'row-actions' }, manage
      ? h('button', { type: 'button', class: 'small danger remove', disabled: lastOwner, title: why,
        onclick: () => attempt(async () => {
          if (!confirm(`Remove ${member.email} from the organization?`)) return;
          await del('/api/v1/members/' + member.user_id);
          await reload();
          notify(`${member.email} was removed`, 'ok');
        }) }, 'Remove')
      : null));
}

/** A waiting invitation; owners may withdraw it, and its link stops working at once. */
function invitationRow(invitation, manage, reload) {
  return h('tr', { 'data-email': invitation.email },
    h('td', {}, invitation.email),
    h('td', {}, invitation.role),
    h('td', {}, when(invitation.expires_at)),
    h('td', { class: 'row-actions' }, manage
      ? h('button', { type: 'button', class: 'small danger revoke', onclick: () => attempt(async () => {
        if (!confirm(`Withdraw the invitation of ${invitation.email}?`)) return;
        await del('/api/v1/invitations/' + invitation.id);
        await reload();
        notify(`The invitation of ${invitation.email} was withdrawn`, 'ok');
      }) }, 'Withdraw')
      : null));
}

/** The invitation link is answered once: it is not kept anywhere, and a reload will not show it again. */
function showLinkOnce(box, invitation) {
  const link = h('code', { class: 'secret', id: 'invitation-url' }, invitation.invitation_url);
  show(box, h('div', { class: 'card once' },
    h('strong', {}, `Invitation for ${invitation.email} as ${invitation.role} — send this link now, it will not be shown again.`),
    h('div', {}, link, ' ', copyButton(invitation.invitation_url, link)),
    h('div', { class: 'muted' }, 'It works once, until ', when(invitation.expires_at), '.'),
    h('button', { type: 'button', class: 'small link', onclick: () => box.replaceChildren() }, 'I have sent it')));
}
