// Acts that cannot be undone are confirmed in the shared dialog with a summary, at phone and desktop size. The
// recognition decision: communes, number, date and signer, a draft PDF to read, Cancel and Escape record nothing
// and give focus back, Confirm records. Publishing a rule set (its version and what it changes), erasing a
// child's identity, removing a record from a child's page, erasing an account: summary, Cancel, Confirm.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Cookie, Page } from 'playwright-core';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, useHarness } from './browser.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const COMMUNE = 'Xã An Khánh';
const NUMBER = '2152/QĐ-UBND';
const SIGNER = 'Nguyễn Văn Quang';

const harness = useHarness();

// The server allows a few logins a minute from one address: each account logs in once, later pages reuse its session.
const sessions = new Map<string, Cookie[]>();
async function signIn(viewport: typeof PHONE, username: string) {
  const h = harness();
  const { context, page } = await newPage(h, viewport);
  const saved = sessions.get(username);
  if (saved) {
    await context.addCookies(saved);
    await page.goto(`${h.url}/`);
  } else {
    await loginAs(page, h.url, username);
    sessions.set(username, await context.cookies());
  }
  return { context, page };
}

/** Today in Vietnam as dd/mm/yyyy, as the page fills the signing date. */
function todayText(): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(new Date())
    .split('-');
  return `${d}/${m}/${y}`;
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

// An Khánh's posting is over in the demo: it submits, and the appraiser accepts every item and appraises, through
// the API (what is tested here is the signer's page).
beforeAll(async () => {
  const h = harness();
  const commune = await newPage(h);
  await loginAs(commune.page, h.url, 'xa.ankhanh');
  const rounds = (await (await commune.page.request.get(`${h.url}/api/rounds`)).json()) as {
    items: Array<{ id: number; title: string }>;
  };
  const roundId = rounds.items.find((r) => r.title === ROUND_TITLE)!.id;
  const detail = (await (await commune.page.request.get(`${h.url}/api/rounds/${roundId}`)).json()) as {
    entries: Array<{ unitId: number; name: string }>;
  };
  const unitId = detail.entries.find((e) => e.name === COMMUNE)!.unitId;
  const entryUrl = `${h.url}/api/rounds/${roundId}/entries/${unitId}`;
  const submitted = await commune.page.request.post(`${entryUrl}/transitions`, { data: { action: 'submit' } });
  expect(submitted.status(), await submitted.text()).toBe(200);
  await commune.context.close();

  const appraiser = await newPage(h);
  await loginAs(appraiser.page, h.url, 'thamdinh.thainguyen');
  const view = (await (await appraiser.page.request.get(entryUrl)).json()) as {
    entry: { id: number };
    items: Array<{ code: string }>;
  };
  for (const item of view.items) {
    const res = await appraiser.page.request.put(`${h.url}/api/round-entries/${view.entry.id}/reviews/${item.code}`, {
      data: { decision: 'accepted' },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  const appraised = await appraiser.page.request.post(`${entryUrl}/transitions`, { data: { action: 'appraise' } });
  expect(appraised.status(), await appraised.text()).toBe(200);
  await appraiser.context.close();
}, 180_000);

/** The signer on the round's page, An Khánh ticked, the number and signer typed. */
async function signerOnRound(viewport: typeof PHONE) {
  const { context, page } = await signIn(viewport, 'chutich.thainguyen');
  const nav = await openMenu(page);
  await nav.getByRole('link', { name: 'Đợt đánh giá' }).click();
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  await page.locator('.decision-list li').first().waitFor();
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/rounds\/\d+\/decisions$/.test(r.url())) posts.push(r.url());
  });
  await page.getByRole('checkbox', { name: `Chọn ${COMMUNE} để công nhận` }).check();
  await page.getByLabel('Người ký').fill(SIGNER);
  return { context, page, posts };
}

/** The dialog's summary, then the draft fetched as the browser would open it: a PDF. */
async function checkSummaryAndPreview(page: Page) {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const summary = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
  expect(summary).toContain(`Ghi Quyết định số ${NUMBER} công nhận 1 xã, phường?`);
  expect(summary).toMatch(/Xã An Khánh — Xã, phường còn lại, [\d.]+ điểm theo kết quả thẩm định/);
  expect(summary).toContain(`Số quyết định${NUMBER}`);
  expect(summary).toContain(`Ngày ký${todayText()}`);
  expect(summary).toContain(`Người ký`);
  expect(summary).toContain(SIGNER);
  expect(summary).toContain('Sau khi xác nhận, việc này không thể hoàn tác.');
  const link = dialog.getByRole('link', { name: 'Xem trước quyết định (bản dự thảo, .pdf)' });
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/api\/rounds\/\d+\/decisions\/preview\.pdf\?/);
  expect(await link.getAttribute('target')).toBe('_blank');
  const pdf = await page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      head: String.fromCharCode(...bytes.slice(0, 5)),
      size: bytes.length,
    };
  }, href);
  expect(pdf.status).toBe(200);
  expect(pdf.type).toBe('application/pdf');
  expect(pdf.disposition).toMatch(/^inline;/);
  expect(pdf.head).toBe('%PDF-');
  expect(pdf.size).toBeGreaterThan(5_000);
  return dialog;
}

describe('confirmation of the recognition decision', () => {
  test('phone: a bad number is named at its field; the dialog summarises; Cancel and Escape record nothing', async () => {
    const { context, page, posts } = await signerOnRound(PHONE);
    const decisionsBefore = await page.locator('.decision-list li').count();
    const opener = page.getByRole('button', { name: 'Ghi quyết định công nhận', exact: true });

    // A number in the wrong form: said under the field, and no dialog.
    await page.getByLabel('Số quyết định').fill('QĐ 12');
    await opener.click();
    await expect
      .poll(() => text(page, '#decision-number-error'))
      .toBe('Số quyết định “QĐ 12” chưa đúng dạng: cần số thứ tự, dấu “/” rồi ký hiệu, ví dụ 2151/QĐ-UBND.');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-number');

    await page.getByLabel('Số quyết định').fill(NUMBER);
    await opener.click();
    const dialog = await checkSummaryAndPreview(page);
    // The dialog fits the phone's width.
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(PHONE.width);

    // Cancel: closed, nothing recorded, the commune still appraised.
    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.locator('.decision-list li').count()).toBe(decisionsBefore);
    const row = page.locator('tr', { has: page.getByRole('link', { name: COMMUNE, exact: true }) });
    expect(await row.textContent()).toContain('Đã thẩm định');

    // Escape: closed, focus back on the button that opened it.
    await opener.click();
    await page.getByRole('alertdialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ghi quyết định công nhận');

    await page.reload();
    await page.locator('.decision-list li').first().waitFor();
    expect(await page.locator('.decision-list li').count()).toBe(decisionsBefore);
    expect(posts).toEqual([]);
    await context.close();
  }, 180_000);

  test('desktop: the dialog summarises, the preview is a PDF, Confirm records the decision', async () => {
    const { context, page, posts } = await signerOnRound(DESKTOP);
    const decisionsBefore = await page.locator('.decision-list li').count();
    await page.getByLabel('Số quyết định').fill(NUMBER);
    await page.getByRole('button', { name: 'Ghi quyết định công nhận', exact: true }).click();
    const dialog = await checkSummaryAndPreview(page);
    const recorded = page.waitForResponse(
      (r) => /\/api\/rounds\/\d+\/decisions$/.test(r.url()) && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Xác nhận ghi quyết định' }).click();
    expect((await recorded).status()).toBe(200);
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await page.getByText(`Đã ghi Quyết định số ${NUMBER}.`).waitFor();
    await expect.poll(() => page.locator('.decision-list li').count()).toBe(decisionsBefore + 1);
    const row = page.locator('tr', { has: page.getByRole('link', { name: COMMUNE, exact: true }) });
    await expect.poll(() => row.textContent()).toContain(NUMBER);
    expect(await row.textContent()).toContain('Được công nhận');
    expect(posts).toHaveLength(1);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('confirmation of publishing a rule set', () => {
  let draftUrl = '';

  test('phone: the dialog names the version and the changed threshold; Cancel and Escape leave the draft', async () => {
    const { context, page } = await signIn(PHONE, 'bo.yte');
    const nav = await openMenu(page);
    await nav.getByRole('link', { name: 'Bộ tiêu chí' }).click();
    await page.waitForURL(/\/rule-sets/);
    await page.locator('a.row-link').first().click();
    await page.getByRole('button', { name: 'Sao chép thành bản nháp' }).click();
    await page.getByRole('button', { name: 'Sửa bản nháp' }).click();
    draftUrl = page.url();
    await page.getByLabel('Ngưỡng công nhận của Xã, phường còn lại').fill('860');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    await page.getByRole('button', { name: 'Thôi sửa' }).click();

    const opener = page.getByRole('button', { name: 'Ban hành…' });
    await opener.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect
      .poll(async () => ((await dialog.textContent()) ?? '').replace(/\s+/g, ' '))
      .toContain('Ngưỡng công nhận của “Xã, phường còn lại”: từ 850 thành 860 điểm');
    const summary = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summary).toMatch(/Phiên bản ban hànhPhiên bản \d+/);
    expect(summary).toMatch(/Sao chép từPhiên bản \d+/);
    expect(summary).toContain('các kỳ đánh giá mới sẽ dùng phiên bản này');
    expect((await dialog.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);

    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await opener.click();
    await page.getByRole('alertdialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ban hành…');
    await page.reload();
    await page.getByRole('button', { name: 'Ban hành…' }).waitFor();
    expect(await page.locator('.form-meta').textContent()).toContain('Bản nháp');
    await context.close();
  }, 180_000);

  test('desktop: Confirm publishes the draft', async () => {
    expect(draftUrl).not.toBe('');
    const { context, page } = await signIn(DESKTOP, 'bo.yte');
    await page.goto(draftUrl);
    await page.getByRole('button', { name: 'Ban hành…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect
      .poll(async () => (await dialog.textContent()) ?? '')
      .toContain('Ngưỡng công nhận của “Xã, phường còn lại”: từ 850 thành 860 điểm');
    const published = page.waitForResponse((r) => r.url().endsWith('/publish') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Ban hành', exact: true }).click();
    expect((await published).status()).toBe(200);
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Sao chép thành bản nháp' }).waitFor();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('confirmation of erasing a child’s identity', () => {
  let child: { code: string; fullName: string } | null = null;

  /** The chairman of Đại Từ on the privacy page with a child that has no case (erasable), chosen by its code. */
  async function chairmanWithChild(viewport: typeof PHONE) {
    const h = harness();
    const { context, page } = await signIn(viewport, 'chutich.daitu');
    await page.goto(`${h.url}/privacy`);
    await page.getByLabel('Tên hoặc mã trẻ em').waitFor();
    if (!child) {
      const me = (await (await page.request.get(`${h.url}/api/auth/me`)).json()) as {
        roles: Array<{ role: string; unitId: number | null }>;
      };
      const unit = me.roles.find((r) => r.role === 'commune_chairman')!.unitId!;
      const list = (await (
        await page.request.get(`${h.url}/api/communes/${unit}/register/children?pageSize=50`)
      ).json()) as { rows: Array<{ id: number; code: string; fullName: string }> };
      for (const row of list.rows) {
        const status = (await (
          await page.request.get(`${h.url}/api/communes/${unit}/privacy/children/${row.id}/erasure`)
        ).json()) as { ok: boolean };
        if (status.ok) {
          child = row;
          break;
        }
      }
    }
    expect(child).not.toBeNull();
    await page.getByLabel('Tên hoặc mã trẻ em').fill(child!.code);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: 'Chọn', exact: true }).first().click();
    await page
      .getByTestId('privacy-child')
      .getByLabel(/Số phiếu yêu cầu/)
      .waitFor();
    return { context, page };
  }

  test('phone: the request reference is asked at its field first; the dialog names the child; Escape erases nothing', async () => {
    const { context, page } = await chairmanWithChild(PHONE);
    const card = page.getByTestId('privacy-child');
    const submit = card.getByRole('button', { name: 'Xoá danh tính' });
    await submit.click();
    await card.getByText('Cần ghi số phiếu yêu cầu trước khi xoá.').waitFor();
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    await card.getByLabel(/Số phiếu yêu cầu/).fill('PYC-07/2026');
    await submit.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const summary = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summary).toContain(`Xoá danh tính của trẻ em ${child!.code}?`);
    expect(summary).toContain(`${child!.code} — ${child!.fullName}`);
    expect(summary).toContain('PYC-07/2026');
    expect(summary).toContain('Nghị định 13/2023/NĐ-CP, Điều 16 (mặc định)');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Xoá danh tính');
    expect(await card.getByRole('status').count()).toBe(0);
    await context.close();
  }, 180_000);

  test('desktop: Confirm erases the identity', async () => {
    const { context, page } = await chairmanWithChild(DESKTOP);
    const card = page.getByTestId('privacy-child');
    await card.getByLabel(/Số phiếu yêu cầu/).fill('PYC-07/2026');
    await card.getByRole('button', { name: 'Xoá danh tính' }).click();
    const dialog = page.getByRole('alertdialog');
    const erased = page.waitForResponse((r) => r.url().endsWith('/erase') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Xoá danh tính' }).click();
    expect((await erased).status()).toBe(200);
    await card.getByText('Đã xoá danh tính.', { exact: false }).waitFor();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('confirmation of removing a record from a child’s page', () => {
  let childUrl = '';

  /** The officer of Đại Từ on the page of a child given two supports (through the API), the supports' list. */
  async function officerOnChild(viewport: typeof PHONE) {
    const h = harness();
    const { context, page } = await signIn(viewport, 'xa.daitu');
    if (!childUrl) {
      const me = (await (await page.request.get(`${h.url}/api/auth/me`)).json()) as {
        roles: Array<{ role: string; unitId: number | null }>;
      };
      const unit = me.roles.find((r) => r.role === 'commune_officer')!.unitId!;
      const list = (await (
        await page.request.get(`${h.url}/api/communes/${unit}/register/children?pageSize=1`)
      ).json()) as { rows: Array<{ id: number }> };
      const id = list.rows[0]!.id;
      for (const kind of ['Học bổng', 'Quà Tết'] as const) {
        const res = await page.request.post(`${h.url}/api/communes/${unit}/register/children/${id}/supports`, {
          data: { kind, givenOn: '2026-11-02', provider: 'Hội Khuyến học xã', note: '', caseId: null },
        });
        expect(res.status(), await res.text()).toBeLessThan(300);
      }
      childUrl = `${h.url}/register/${unit}/children/${id}`;
    }
    await page.goto(childUrl);
    const list = page.locator('.card', { has: page.getByRole('heading', { name: 'Trợ giúp đã nhận' }) }).locator('li');
    await list.first().waitFor();
    return { context, page, list };
  }

  test('phone: the dialog names the section and the record; Cancel keeps it', async () => {
    const { context, page, list } = await officerOnChild(PHONE);
    const before = await list.count();
    await list.first().getByRole('button', { name: /^Xóa/ }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const summary = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summary).toContain('Xóa bản ghi này khỏi sổ?');
    expect(summary).toContain('MụcTrợ giúp đã nhận');
    expect(summary).toContain('Hội Khuyến học xã');
    expect(summary).toContain('Sau khi xác nhận, việc này không thể hoàn tác.');
    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await page.reload();
    await list.first().waitFor();
    expect(await list.count()).toBe(before);
    await context.close();
  }, 180_000);

  test('desktop: Confirm removes the record', async () => {
    const { context, page, list } = await officerOnChild(DESKTOP);
    const before = await list.count();
    await list.first().getByRole('button', { name: /^Xóa/ }).click();
    const removed = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Xóa bản ghi' }).click();
    expect((await removed).status()).toBe(204);
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => list.count()).toBe(before - 1);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('confirmation of erasing an account', () => {
  async function adminWithAccount(viewport: typeof PHONE) {
    const h = harness();
    const { context, page } = await signIn(viewport, 'admin');
    await page.goto(`${h.url}/privacy/admin`);
    await page.getByLabel('Tên đăng nhập hoặc họ tên').fill('ctv.daitu');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: 'Xoá…', exact: true }).click();
    await page.getByRole('heading', { name: 'Xoá tài khoản ctv.daitu' }).waitFor();
    return { context, page };
  }

  test('phone: the reference is asked first; the dialog names the account; Cancel erases nothing', async () => {
    const { context, page } = await adminWithAccount(PHONE);
    const submit = page.getByRole('button', { name: 'Xoá tài khoản', exact: true });
    await submit.click();
    await page.getByText('Cần ghi số phiếu yêu cầu trước khi xoá.').waitFor();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.getByLabel(/Số phiếu yêu cầu/).fill('PYC-08/2026');
    await submit.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const summary = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summary).toContain('Xoá tài khoản ctv.daitu?');
    expect(summary).toContain('Tên đăng nhậpctv.daitu');
    expect(summary).toContain('PYC-08/2026');
    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.locator('main').getByRole('status').count()).toBe(0);
    await context.close();
  }, 180_000);

  test('desktop: Confirm erases the account', async () => {
    const { context, page } = await adminWithAccount(DESKTOP);
    await page.getByLabel(/Số phiếu yêu cầu/).fill('PYC-08/2026');
    await page.getByRole('button', { name: 'Xoá tài khoản', exact: true }).click();
    const erased = page.waitForResponse((r) => r.url().endsWith('/erase') && r.request().method() === 'POST');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Xoá tài khoản' }).click();
    expect((await erased).status()).toBe(200);
    await page.getByText('Đã xoá tài khoản ctv.daitu.').waitFor();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});
