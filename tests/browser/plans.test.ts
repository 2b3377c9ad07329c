// The 2024 plan of xã An Sơn typed into the product through the browser by a commune officer: its 8 targets,
// 11 tasks (read from the reference text), the 4 assignee groups with their duties and the 10/05 and 10/11
// report days; a task deadline in another year refused under its field with nothing stored; then saved, a
// task's progress recorded, the .docx downloaded from the page and read back, the per-agency view, and a phone.
//
// Xã Vạn Phú's officer (xa.vanphu) stands in for An Sơn: the issuing body of the document is the account's
// commune, so the texts naming An Sơn (title, basis) are typed with Vạn Phú in its place, and the place line
// reads Vạn Phú; that keeps the exported document one commune's, and every item is otherwise the reference's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { docxPart, docxParagraphs } from '../documents/read.ts';
import { readAnSon } from '../plans/an-son.ts';
import { DESKTOP, loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();
const here = (s: string) => s.replace(/An Sơn/gu, 'Vạn Phú');
const endStop = (s: string) => (/[.:;!?…]$/u.test(s) ? s : `${s}.`);

interface StoredPlan {
  revision: number;
  sixMonthDue: string;
  annualDue: string;
  targets: { text: string }[];
  tasks: { id: number; text: string; dueOn: string | null; state: string; agencies: { name: string }[] }[];
  assignments: { agencyName: string; heading: string; duties: string }[];
}

async function stored(page: Page, unitId: number, planId: number): Promise<StoredPlan> {
  return page.evaluate(async ([u, p]) => (await (await fetch(`/api/units/${u}/plans/${p}`)).json()) as StoredPlan, [
    unitId,
    planId,
  ] as const);
}

async function noHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

describe('plans in the browser', () => {
  test('reproduce the 2024 plan of xã An Sơn: type it, be refused a deadline in another year, save, record progress, export the .docx', async () => {
    const ref = readAnSon();
    expect(ref.targets).toHaveLength(8);
    expect(ref.tasks).toHaveLength(11);
    expect(ref.assignments).toHaveLength(4);
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'xa.vanphu');
    const unitId = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as {
        user?: { roles: { role: string; unitId: number | null }[] };
        roles?: { role: string; unitId: number | null }[];
      };
      return (me.user?.roles ?? me.roles ?? []).find((r) => r.role === 'commune_officer')!.unitId!;
    });

    // The nav leads to the commune's plans; there are none yet.
    await page.getByRole('link', { name: 'Kế hoạch', exact: true }).click();
    await page.waitForURL(new RegExp(`/plans/${unitId}$`));
    await page.getByRole('heading', { level: 1, name: 'Kế hoạch công tác trẻ em' }).waitFor();
    await page.getByText('Đơn vị chưa có kế hoạch nào.').waitFor();

    // A blank plan of 2024 from the template.
    await page.getByRole('button', { name: '+ Tạo kế hoạch' }).click();
    const create = page.getByTestId('plan-create');
    // The province's issued plan (demo) is offered to implement; this plan starts blank instead.
    const provinceOption = create
      .getByLabel('Kế hoạch của Tỉnh Thái Nguyên')
      .locator('option', { hasText: '85/KH-UBND' });
    expect(await provinceOption.textContent()).toMatch(
      /^2026 · 85\/KH-UBND · Triển khai thực hiện công tác trẻ em năm 2026/,
    );
    await create.getByLabel('Năm của kế hoạch').fill('2024');
    await create.getByRole('button', { name: 'Tạo kế hoạch', exact: true }).click();
    await page.waitForURL(new RegExp(`/plans/${unitId}/\\d+$`));
    const planId = Number(page.url().split('/').pop());
    await page.getByRole('heading', { level: 1, name: 'Kế hoạch (dự thảo) năm 2024' }).waitFor();
    // The template's sentences are there to adapt.
    expect(await page.getByLabel('1. Mục đích').inputValue()).toMatch(/^- Tăng cường sự lãnh đạo/);

    // The usual agencies, and one more added inline.
    await page.getByRole('button', { name: 'Thêm các cơ quan thường gặp' }).click();
    const adder = page.getByTestId('agency-adder');
    await adder.getByText('Thêm cơ quan', { exact: true }).click();
    await adder.getByLabel('Tên cơ quan, đơn vị mới').fill('Hội Nông dân xã');
    await adder.getByLabel('Loại').selectOption({ label: 'Hội Nông dân' });
    await adder.getByRole('button', { name: '+ Thêm cơ quan' }).click();
    await adder.getByText('Đã thêm cơ quan “Hội Nông dân xã”.').waitFor();

    // General and section I.
    await page.getByLabel('Tên kế hoạch (trích yếu)').fill(here(ref.title));
    await page.getByLabel('Địa danh (ghi ở dòng ngày tháng)').fill('Vạn Phú');
    await page.getByLabel('Căn cứ (câu mở đầu)').fill(here(ref.basis));
    await page.getByLabel('1. Mục đích').fill(ref.purposes.join('\n'));
    await page.getByLabel('2. Yêu cầu').fill(ref.requirements.join('\n'));

    // II. The 8 targets; the first linked to a measured indicator.
    for (const [i, text] of ref.targets.entries()) {
      await page.getByRole('button', { name: '+ Thêm mục tiêu' }).click();
      await page.getByLabel(`Nội dung mục tiêu ${i + 1}`, { exact: true }).fill(text);
    }
    const target1 = page.getByTestId('target-1');
    await target1.getByLabel('Chỉ số đo (không bắt buộc)').selectOption('C06.supported_rate');
    await target1.getByLabel('Giá trị cần đạt').fill('100');

    // III. The 11 tasks; task 3 is given a deadline in another year by mistake.
    const deadlines: Record<number, string> = { 3: '30/06/2026', 5: '30/06/2024', 11: '31/10/2024' };
    for (const [i, text] of ref.tasks.entries()) {
      await page.getByRole('button', { name: '+ Thêm nhiệm vụ' }).click();
      const row = page.getByTestId(`task-${i + 1}`);
      await row.getByLabel(`Nội dung nhiệm vụ ${i + 1}`, { exact: true }).fill(text);
      if (deadlines[i + 1]) await row.getByLabel('Hạn hoàn thành').fill(deadlines[i + 1]!);
    }
    const task5 = page.getByTestId('task-5');
    await task5.getByText('Cơ quan thực hiện: chưa chọn').click();
    await task5.getByLabel('Công chức Văn hóa - Xã hội').check();
    await task5.getByLabel('Đoàn Thanh niên xã').check();
    await task5.getByText('Cơ quan thực hiện: Công chức Văn hóa - Xã hội; Đoàn Thanh niên xã').waitFor();
    const task11 = page.getByTestId('task-11');
    await task11.getByText('Cơ quan thực hiện: chưa chọn').click();
    await task11.getByLabel('Hội Nông dân xã').check();

    // Reorder: a row moved down and back up keeps its text.
    await page.getByRole('button', { name: 'Chuyển Nhiệm vụ 1 xuống' }).click();
    expect(await page.getByLabel('Nội dung nhiệm vụ 2', { exact: true }).inputValue()).toBe(ref.tasks[0]);
    await page.getByRole('button', { name: 'Chuyển Nhiệm vụ 2 lên' }).click();
    expect(await page.getByLabel('Nội dung nhiệm vụ 1', { exact: true }).inputValue()).toBe(ref.tasks[0]);

    // V. The 4 assignee groups, each with the agency it stands for, its printed heading and duties.
    const groups = [
      'Công chức Văn hóa - Xã hội',
      'Công chức Tài chính - Kế toán',
      'Trưởng thôn, tổ trưởng tổ dân phố',
      'Ủy ban Mặt trận Tổ quốc Việt Nam xã',
    ];
    for (const [i, a] of ref.assignments.entries()) {
      await page.getByRole('button', { name: '+ Thêm cơ quan thực hiện' }).click();
      const row = page.getByTestId(`assignment-${i + 1}`);
      await row.getByLabel('Cơ quan', { exact: true }).selectOption({ label: groups[i]! });
      await row.getByLabel('Tiêu đề in trong văn bản').fill(a.heading);
      await row.getByLabel('Nhiệm vụ được giao').fill(a.duties.join('\n'));
    }

    // VI. The report days typed dd/mm; the regime's sentence follows them.
    await page.getByLabel('Hạn báo cáo 6 tháng (ngày/tháng)').fill('10/05');
    await page.getByLabel('Hạn báo cáo năm (ngày/tháng)').fill('10/11');
    await page.getByLabel('Gửi báo cáo về').fill('UBND huyện (qua Phòng Lao động, Thương binh, Xã hội - Dân tộc)');
    const regime = await page.getByLabel('Chế độ báo cáo (như in trong văn bản)').inputValue();
    expect(regime).toContain(
      'báo cáo 6 tháng (trước ngày 10/5) và báo cáo năm (trước ngày 10/11) về UBND huyện (qua Phòng Lao động, Thương binh, Xã hội - Dân tộc)',
    );
    await page.getByLabel('Nơi nhận (mỗi dòng một nơi)').fill(ref.recipients.join('\n'));
    await page.getByLabel('Thẩm quyền ký (TM. …)').fill('');
    await page.getByLabel('Chức vụ ký (KT. CHỦ TỊCH, CHỦ TỊCH…)').fill(ref.signature.capacity);
    await page.getByLabel('Chức danh người ký (PHÓ CHỦ TỊCH…)').fill(ref.signature.title);
    await page.getByLabel('Họ tên người ký').fill(ref.signature.name);

    // Refused: the deadline in 2026 is named under task 3's field, the officer is taken to it, nothing is stored.
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    const dueError = page.getByTestId('task-3').locator('.field-error');
    await dueError.waitFor();
    expect(await dueError.textContent()).toContain('Nhiệm vụ 3 – Hạn: hạn 30/06/2026 nằm ngoài năm 2024 của kế hoạch');
    await page
      .getByRole('alert')
      .getByText(/chưa có gì được lưu/)
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('plan-tasks-2-dueOn');
    expect(await page.getByTestId('task-5').locator('.field-error').count()).toBe(0);
    const before = await stored(page, unitId, planId);
    expect(before).toMatchObject({ revision: 1, targets: [], tasks: [], assignments: [] });

    // Corrected and saved.
    await page.getByTestId('task-3').getByLabel('Hạn hoàn thành').fill('30/06/2024');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page.getByText('Đã lưu kế hoạch (lần sửa 2).').waitFor();
    const plan = await stored(page, unitId, planId);
    expect(plan.sixMonthDue).toBe('05-10');
    expect(plan.annualDue).toBe('11-10');
    expect(plan.targets.map((x) => x.text)).toEqual(ref.targets);
    expect(plan.tasks.map((x) => x.text)).toEqual(ref.tasks);
    expect(plan.tasks[4]!.agencies.map((a) => a.name)).toEqual(['Công chức Văn hóa - Xã hội', 'Đoàn Thanh niên xã']);
    expect(plan.tasks[10]!.agencies.map((a) => a.name)).toEqual(['Hội Nông dân xã']);
    expect(plan.assignments.map((a) => [a.agencyName, a.heading])).toEqual(
      ref.assignments.map((a, i) => [groups[i], a.heading]),
    );
    // The linked target shows what can be measured (no 2024 data for this commune).
    await target1.getByTestId('measured').getByText('Chưa có số liệu để đo.').waitFor();

    // Deadlines of 2024 have passed: overdue in words, not colour only.
    const state5 = task5.getByTestId('task-state');
    expect(await state5.textContent()).toContain('⚠ Quá hạn');
    expect(await state5.textContent()).toMatch(/Hạn 30\/06\/2024 — quá hạn \d+ ngày/u);
    expect(await page.getByTestId('task-2').getByTestId('task-state').textContent()).toContain('Đang thực hiện');

    // Progress on task 5, with evidence; earlier notes are listed in the dialog.
    await task5.getByRole('button', { name: 'Ghi tiến độ' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tiến độ nhiệm vụ 5' });
    await dialog.getByText('Chưa ghi tiến độ lần nào.').waitFor();
    await dialog.getByLabel('Mức hoàn thành (%)').fill('60');
    await dialog.getByLabel('Kết quả thực hiện').fill('Đã tổ chức Tháng hành động vì trẻ em tại 12 thôn');
    await dialog.getByLabel('Minh chứng (văn bản, biên bản…)').fill('Báo cáo số 21/BC-UBND');
    await dialog.getByRole('button', { name: 'Ghi tiến độ' }).click();
    await dialog.getByText('Đã ghi tiến độ 60%.').waitFor();
    await dialog
      .getByTestId('progress-notes')
      .getByText(/60% — Đã tổ chức Tháng hành động vì trẻ em tại 12 thôn/)
      .waitFor();
    await dialog.getByText('Minh chứng: Báo cáo số 21/BC-UBND').waitFor();
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await expect.poll(async () => task5.getByTestId('task-state').textContent()).toContain('Tiến độ: 60%');
    await page.screenshot({ path: path.join(resultsDir, 'plans-builder.png'), fullPage: true });
    await page.getByTestId('section-tasks').screenshot({ path: path.join(resultsDir, 'plans-tasks.png') });

    // The .docx from the page's link: headings I–VI, the items in order, the report days, the signer.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/^Ke-hoach-2024-du-thao-\d+\.docx$/);
    const paras = docxParagraphs(docxPart(readFileSync((await download.path())!))).map((p) => p.replace(/\n/gu, ' '));
    const at = (text: string) => {
      const i = paras.indexOf(text);
      expect(i, text).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(paras).toContain('ỦY BAN NHÂN DÂN XÃ VẠN PHÚ');
    expect(paras).toContain('KẾ HOẠCH');
    expect(paras).toContain(here(ref.title));
    expect(paras).toContain(here(ref.basis));
    const heads = [
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. MỤC TIÊU CỤ THỂ',
      'III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM',
      'IV. KINH PHÍ THỰC HIỆN',
      'V. TỔ CHỨC THỰC HIỆN',
      'VI. CHẾ ĐỘ BÁO CÁO',
    ].map(at);
    expect([...heads].sort((a, b) => a - b)).toEqual(heads);
    const [, ii, iii, iv, v, vi] = heads as [number, number, number, number, number, number];
    expect(paras.slice(ii + 1, iii)).toEqual(ref.targets.map((x, i) => `${i + 1}. ${endStop(x)}`));
    expect(paras.slice(iii + 1, iv).filter((p) => /^\d+\. /u.test(p))).toEqual(
      ref.tasks.map((x, i) => `${i + 1}. ${endStop(x)}`),
    );
    expect(paras.slice(iii + 1, iv)).toContain(
      '(Thời hạn: 30/06/2024. Cơ quan thực hiện: Công chức Văn hóa - Xã hội; Đoàn Thanh niên xã.)',
    );
    expect(paras.slice(v + 1, vi).filter((p) => /^\d\. /u.test(p))).toEqual(
      ref.assignments.map((a, i) => `${i + 1}. ${a.heading}`),
    );
    expect(paras[vi + 1]).toContain('(trước ngày 10/5)');
    expect(paras[vi + 1]).toContain('(trước ngày 10/11)');
    const capacity = at('KT. CHỦ TỊCH');
    expect(paras.slice(capacity + 1, capacity + 3)).toEqual(['PHÓ CHỦ TỊCH', 'Liều Văn Toại']);

    // What the cultural-social officer owes: task 5 (overdue) before the tasks due later or not at all.
    await page.getByRole('link', { name: 'Các kế hoạch của đơn vị' }).click();
    const listRow = page
      .getByTestId('plans-table')
      .getByRole('row')
      .filter({ hasText: here(ref.title) });
    expect(await listRow.textContent()).toContain('Dự thảo');
    expect(await listRow.textContent()).toContain('⚠ 3 quá hạn');
    await page.getByRole('link', { name: 'Nhiệm vụ theo cơ quan' }).click();
    await page.getByLabel('Cơ quan', { exact: true }).selectOption({ label: 'Công chức Văn hóa - Xã hội' });
    await expect.poll(async () => page.getByTestId('agency-tasks').locator('tbody tr').count()).toBe(1);
    const owed = page.getByTestId('agency-tasks').locator('tbody tr').first();
    expect(await owed.textContent()).toContain(`5. ${ref.tasks[4]}`);
    expect(await owed.textContent()).toContain('⚠ Quá hạn');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();

    // On a phone: the builder's rows stack and nothing is wider than the screen.
    const phone = await newPage(h, PHONE);
    await loginAs(phone.page, h.url, 'xa.vanphu');
    await phone.page.goto(`${h.url}/plans/${unitId}/${planId}`);
    const row = phone.page.getByTestId('task-5');
    await row.getByLabel('Hạn hoàn thành').waitFor();
    const text = await row.getByLabel('Nội dung nhiệm vụ 5', { exact: true }).boundingBox();
    const due = await row.getByLabel('Hạn hoàn thành').boundingBox();
    const picker = await row.getByText(/^Cơ quan thực hiện:/).boundingBox();
    expect(due!.y).toBeGreaterThan(text!.y + text!.height - 1);
    expect(picker!.y).toBeGreaterThan(due!.y + due!.height - 1);
    expect(await noHorizontalOverflow(phone.page)).toBe(true);
    await phone.page.screenshot({ path: path.join(resultsDir, 'plans-phone.png'), fullPage: false });
    expect((phone.page as Page & { errors: string[] }).errors).toEqual([]);
    await phone.context.close();
  }, 240_000);
});
