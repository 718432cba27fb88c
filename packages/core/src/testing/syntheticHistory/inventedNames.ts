/**
 * Invented names and codes for the synthetic district. Names are drawn from short lists of characters
 * and words (the plan's industries among them); codes merely satisfy the check-character rules of
 * docs/spec.md §4. Any likeness to a real enterprise or person is a coincidence of the lists.
 */
import { USCC_ALPHABET, usccCheckCharacter } from '../../ids/unifiedSocialCreditCode.js';
import type { Random } from './random.js';

const BRAND_CHARACTERS = [...'瑞恒华泰鼎盛嘉诚宏远鑫达丰源海通新晟弘毅博锐正和永合天启中科金港润德佳信同创联晨康安'];
/** The plan's industries (三(二)) and a few more. */
export const INDUSTRIES = ['玻璃', '光伏', '铝材', '汽车零部件', '粮油食品', '软件', '节能环保', '新材料', '电子', '智能装备', '生物', '康养医疗', '物流', '农业'];
const COMPANY_FORMS = ['科技有限公司', '技术有限公司', '股份有限公司', '有限公司', '科技发展有限公司'];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN_CHARACTERS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力永宁欣悦晨阳博宇浩然'];
/** Technical topics for project, platform and patent titles. */
export const TOPICS = ['深加工', '智能制造', '高效封装', '轻量化', '绿色制备', '在线检测', '精准种植', '病虫害绿色防控', '冷链保鲜', '节能改造', '工业软件', '数字化运维', '良种繁育', '低碳工艺'];
const PROJECT_ACTIVITIES = ['关键技术研究', '技术研发与产业化', '示范应用', '工艺优化及推广', '成果转化'];
const PATENT_OBJECTS = ['低辐射镀膜玻璃', '光伏组件边框', '铝合金型材', '汽车轮毂', '植物油精炼装置', '数据采集终端', '余热回收装置', '复合材料板', '检测夹具', '樱桃保鲜剂', '菌菇培养基', '物流分拣装置'];
const PATENT_FORMS = ['及其制备方法', '的加工工艺', '及其控制方法', '', '的检测方法', '及系统'];

/** A two-character brand, as Chinese company names begin. */
export const brandName = (random: Random): string => random.pick(BRAND_CHARACTERS) + random.pick(BRAND_CHARACTERS);

/** A company name: brand, industry, legal form. */
export const companyName = (random: Random): string => `${brandName(random)}${random.pick(INDUSTRIES)}${random.pick(COMPANY_FORMS)}`;

/** A personal name of two or three characters. */
export const personName = (random: Random): string =>
  `${random.pick(SURNAMES)}${random.pick(GIVEN_CHARACTERS)}${random.chance(0.6) ? random.pick(GIVEN_CHARACTERS) : ''}`;

/** A project title: industry, topic, kind of work. */
export const projectTitle = (random: Random): string => `${random.pick(INDUSTRIES)}${random.pick(TOPICS)}${random.pick(PROJECT_ACTIVITIES)}`;

/** A patent title in the usual 一种… form. */
export const patentTitle = (random: Random): string => `一种${random.pick(PATENT_OBJECTS)}${random.pick(PATENT_FORMS)}`;

const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** How many distinct enterprise codes {@link enterpriseIdOf} can make. */
export const ENTERPRISE_CODE_SPACE = 31 ** 6;

/**
 * The unified social credit code (docs/spec.md §4) of the `serial`-th enterprise: `91` (enterprise, company), the
 * district code, an organization code `MA` + 6 characters with its GB 11714 check character, then the
 * GB 32100 check character. serial ↦ (serial·7368787 + salt) mod 31⁶ is a bijection (31 is prime and does
 * not divide the multiplier), so two serials below 31⁶ never share a code.
 */
export const enterpriseIdOf = (district: string, serial: number, salt: number): string => {
  let x = (serial * 7_368_787 + salt) % ENTERPRISE_CODE_SPACE;
  let body = '';
  for (let i = 0; i < 6; i++) {
    body = USCC_ALPHABET[x % 31]! + body;
    x = Math.floor(x / 31);
  }
  const organization = `MA${body}`;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(organization[i]!, 36) * ORGANIZATION_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  const first17 = `91${district}${organization}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`;
  return first17 + usccCheckCharacter(first17);
};
