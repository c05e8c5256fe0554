/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_pinyin.c - hanzi -> pinyin readings and the filter matcher.
 *
 * The speed check at the end filters 2,000 unit names with 100 queries
 * (200,000 matches) and prints the time; measured on the 2-core dev box
 * (-O2): see docs/pinyin.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/pinyin.h"

/* 1 when cp has reading syl among its readings. */
static int
has_reading(uint32_t cp, const char *syl)
{
	const char *r[PINYIN_MAX_READINGS];
	int n = pinyin_readings(cp, r, PINYIN_MAX_READINGS), i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i], syl) == 0)
			return 1;
	return 0;
}

static void
test_readings(void **state)
{
	const char *r[PINYIN_MAX_READINGS];
	int n;

	(void)state;
	/* 行 U+884C: xíng first (kMandarin), háng from the dictionaries */
	n = pinyin_readings(0x884C, r, PINYIN_MAX_READINGS);
	assert_true(n >= 2 && n <= PINYIN_MAX_READINGS);
	assert_string_equal(r[0], "xing");
	assert_true(has_reading(0x884C, "hang"));
	/* 长 chang/zhang, 重 zhong/chong, 乐 le/yue, 莞 guan/wan */
	assert_true(has_reading(0x957F, "chang"));
	assert_true(has_reading(0x957F, "zhang"));
	assert_true(has_reading(0x91CD, "zhong"));
	assert_true(has_reading(0x91CD, "chong"));
	assert_true(has_reading(0x4E50, "le"));
	assert_true(has_reading(0x4E50, "yue"));
	assert_true(has_reading(0x839E, "guan"));
	assert_true(has_reading(0x839E, "wan"));
	/* 供 gong, 还 huan/hai, 调 tiao/diao */
	assert_true(has_reading(0x4F9B, "gong"));
	assert_true(has_reading(0x8FD8, "huan"));
	assert_true(has_reading(0x8FD8, "hai"));
	assert_true(has_reading(0x8C03, "tiao"));
	assert_true(has_reading(0x8C03, "diao"));
	/* ü is v: 绿 lǜ, 女 nǚ */
	assert_true(has_reading(0x7EFF, "lv"));
	assert_true(has_reading(0x5973, "nv"));
	/* one reading only: 东 dong, 城 cheng */
	assert_int_equal(pinyin_readings(0x4E1C, r, PINYIN_MAX_READINGS), 1);
	assert_string_equal(r[0], "dong");
	assert_int_equal(pinyin_readings(0x57CE, r, 1), 1);
	assert_string_equal(r[0], "cheng");
	/* Extension A: 㐀 U+3400 qiū */
	assert_true(has_reading(0x3400, "qiu"));
	/* Not Han: ASCII, kana, punctuation, beyond the BMP blocks */
	assert_int_equal(pinyin_readings('a', r, 4), 0);
	assert_int_equal(pinyin_readings(0x3042, r, 4), 0);
	assert_int_equal(pinyin_readings(0x3002, r, 4), 0);
	assert_int_equal(pinyin_readings(0x20000, r, 4), 0);
	assert_int_equal(pinyin_readings(0x110000, r, 4), 0);
	/* max smaller than the count: returns the count, stores max */
	r[1] = NULL;
	n = pinyin_readings(0x957F, r, 1);
	assert_true(n >= 2);
	assert_non_null(r[0]);
	assert_null(r[1]);
	assert_true(pinyin_readings(0x957F, NULL, 0) == n);
}

static void
test_table_shape(void **state)
{
	int i, j;

	(void)state;
	assert_true(pinyin_table.nchars > 20000);
	assert_true(pinyin_table.nsyl > 300 && pinyin_table.nsyl < 600);
	/* syllables sorted, lower-case ASCII */
	for (i = 0; i < pinyin_table.nsyl; i++) {
		const char *s = pinyin_table.syl[i];

		assert_true(strlen(s) > 0 && strlen(s) < PINYIN_SYL_MAX);
		for (j = 0; s[j] != '\0'; j++)
			assert_true(s[j] >= 'a' && s[j] <= 'z');
		if (i > 0)
			assert_true(strcmp(pinyin_table.syl[i - 1], s) < 0);
	}
	for (i = 1; i < pinyin_table.nranges; i++)
		assert_true(pinyin_table.ranges[i - 1].last <
		            pinyin_table.ranges[i].first);
}

static void
test_initials(void **state)
{
	(void)state;
	assert_true(pinyin_match("住房公积金", "gjj"));
	assert_true(pinyin_match("东莞市住房公积金管理中心", "gjj"));
	assert_true(pinyin_match("东莞市住房公积金管理中心", "zfgjj"));
	assert_true(pinyin_match("东城街道", "dc"));
	assert_true(pinyin_match("东城街道", "dcjd"));
	assert_true(pinyin_match("东莞", "dg"));
	assert_true(pinyin_match("人社局", "rsj"));
	assert_true(pinyin_match("东莞市人社局", "rsj"));
	/* zh/ch/sh initials spelled out */
	assert_true(pinyin_match("住房公积金", "zhfgjj"));
	assert_true(pinyin_match("长安镇", "chaz"));
}

static void
test_polyphones(void **state)
{
	(void)state;
	/* 长安镇: cháng'ān and zhǎng both exist for 长 */
	assert_true(pinyin_match("长安镇", "ca"));
	assert_true(pinyin_match("长安镇", "za"));
	assert_true(pinyin_match("长安镇", "changan"));
	assert_true(pinyin_match("长安镇", "zhangan"));
	assert_true(pinyin_match("长安镇", "chang'an"));
	/* 银行 yínháng (and yínxíng) */
	assert_true(pinyin_match("中国银行", "yh"));
	assert_true(pinyin_match("中国银行", "yinhang"));
	assert_true(pinyin_match("中国银行", "yx"));
	/* 重庆 chóngqìng / zhòng */
	assert_true(pinyin_match("重庆", "cq"));
	assert_true(pinyin_match("重庆", "chongqing"));
	assert_true(pinyin_match("重庆", "zq"));
	/* 东莞 dōngguǎn; 莞 also wǎn */
	assert_true(pinyin_match("东莞", "dongguan"));
	assert_true(pinyin_match("东莞", "dw"));
	/* 供水 gōngshuǐ, 还款 huánkuǎn / hái, 调解 tiáojiě / diào,
	 * 音乐 yīnyuè / lè */
	assert_true(pinyin_match("东莞市供水企业", "gs"));
	assert_true(pinyin_match("还款", "hk"));
	assert_true(pinyin_match("还款", "huankuan"));
	assert_true(pinyin_match("调解", "tj"));
	assert_true(pinyin_match("调解", "dj"));
	assert_true(pinyin_match("音乐", "yy"));
	assert_true(pinyin_match("快乐", "kl"));
	/* ü typed as v or u */
	assert_true(pinyin_match("园林绿化", "lvh"));
	assert_true(pinyin_match("园林绿化", "lvhua"));
	assert_true(pinyin_match("园林绿化", "luhua"));
	assert_true(pinyin_match("妇女", "funv"));
}

static void
test_syllables(void **state)
{
	(void)state;
	assert_true(pinyin_match("住房公积金", "gongjijin"));
	assert_true(pinyin_match("住房公积金", "gjjin"));
	assert_true(pinyin_match("住房公积金", "gongjj"));
	assert_true(pinyin_match("住房公积金", "gong ji jin"));
	assert_true(pinyin_match("住房公积金", "  gong\tji jin  "));
	assert_true(pinyin_match("住房公积金", "zhufang"));
	assert_true(pinyin_match("住房公积金", "zhufanggongjijin"));
	/* a partial last syllable is fine (type-ahead) */
	assert_true(pinyin_match("住房公积金", "gongjiji"));
	assert_true(pinyin_match("松山湖高新技术产业开发区", "songshanhu"));
	assert_true(pinyin_match("松山湖高新技术产业开发区", "ssh"));
	assert_true(pinyin_match("樟木头镇", "zhangmutou"));
}

static void
test_mixed(void **state)
{
	(void)state;
	assert_true(pinyin_match("住房公积金", "公jj"));
	assert_true(pinyin_match("住房公积金", "公jijin"));
	assert_true(pinyin_match("住房公积金", "g积j"));
	assert_true(pinyin_match("东莞市", "东g"));
	assert_true(pinyin_match("东莞市", "dg市"));
	assert_true(pinyin_match("东莞市", "东莞"));
	assert_true(pinyin_match("东莞市住房公积金管理中心", "公积金"));
	/* Latin letters and digits in text match themselves */
	assert_true(pinyin_match("12345热线", "12345"));
	assert_true(pinyin_match("12345热线", "345rx"));
	assert_true(pinyin_match("G4京港澳高速", "g4jg"));
	assert_false(pinyin_match("东莞市", "东c"));
	assert_false(pinyin_match("12345热线", "12346"));
}

static void
test_ascii_case(void **state)
{
	(void)state;
	assert_true(pinyin_match("住房公积金", "GJJ"));
	assert_true(pinyin_match("住房公积金", "GongJiJin"));
	assert_true(pinyin_match("东莞港 DG Port", "port"));
	assert_true(pinyin_match("东莞港 DG Port", "DG PORT"));
	assert_true(pinyin_match("东莞港 DG Port", "dgport"));
	assert_true(pinyin_match("WiFi 故障", "wifi"));
	/* full-width letters fold to ASCII, in text and query */
	assert_true(pinyin_match("ＡＢＣ公司", "abc"));
	assert_true(pinyin_match("东莞", "ＤＧ"));
	assert_false(pinyin_match("WiFi 故障", "wifx"));
}

static void
test_no_false_positives(void **state)
{
	(void)state;
	assert_false(pinyin_match("东城街道", "gjj"));
	assert_false(pinyin_match("住房公积金", "dc"));
	assert_false(pinyin_match("东莞", "xyz"));
	assert_false(pinyin_match("东莞", "dgs"));
	/* characters must be consecutive: 住 .. 公 are not */
	assert_false(pinyin_match("住房公积金", "zg"));
	/* every query letter must be used by one character */
	assert_false(pinyin_match("住房公积金", "gongjijn"));
	assert_false(pinyin_match("住房公积金", "gjjx"));
	/* 银 has no reading starting with h */
	assert_false(pinyin_match("中国银行", "hh"));
	/* 东 is only dong */
	assert_false(pinyin_match("东莞", "tg"));
	/* Latin letters do not stand for Han characters' readings */
	assert_false(pinyin_match("dc", "东城"));
	assert_false(pinyin_match("", "dg"));
	assert_false(pinyin_match(NULL, "dg"));
}

static void
test_empty_query(void **state)
{
	(void)state;
	assert_true(pinyin_match("东莞", ""));
	assert_true(pinyin_match("东莞", "   "));
	assert_true(pinyin_match("", ""));
	assert_true(pinyin_match("东莞", NULL));
	assert_int_equal(pinyin_match_score("东莞", ""), 0);
	assert_int_equal(pinyin_match_score(NULL, NULL), 0);
}

static void
test_invalid_utf8(void **state)
{
	char longq[300], longt[400];
	int i;

	(void)state;
	/* invalid bytes in text match nothing; the rest still matches */
	assert_true(pinyin_match("\xff\xfe东莞\xe4\xb8", "dg"));
	assert_true(pinyin_match("\xc0\xaf东莞", "东莞"));
	assert_false(pinyin_match("\xff\xfe\xfd", "dg"));
	assert_false(pinyin_match("\xe4\xb8", "dg"));
	assert_false(pinyin_match("\xed\xa0\x80", "dg"));    /* surrogate */
	assert_false(pinyin_match("\xf4\x90\x80\x80", "x")); /* > U+10FFFF */
	/* a truncated sequence at the very end, nothing read past NUL */
	assert_false(pinyin_match("东\xe8", "dg"));
	/* invalid bytes in the query never match, even invalid text */
	assert_false(pinyin_match("东莞", "d\xff"));
	assert_false(pinyin_match("\xff", "\xff"));
	assert_true(pinyin_match_score("\xff", "\xff") < 0);
	/* a query longer than the automaton: literal search only */
	for (i = 0; i < 290; i++)
		longq[i] = (char)('a' + i % 26);
	longq[290] = '\0';
	memcpy(longt, "前缀", 6);
	memcpy(longt + 6, longq, 291);
	assert_true(pinyin_match(longt, longq));
	assert_true(pinyin_match_score(longt, longq) >= 0);
	longq[289] = '#';
	assert_false(pinyin_match(longt, longq));
}

static void
test_score_order(void **state)
{
	int lit_start, py_start, lit_else, py_else, py_start_long;

	(void)state;
	assert_int_equal(pinyin_match_score("东城街道", "gjj"), -1);
	/* literal prefix beats initials at start beats elsewhere */
	lit_start = pinyin_match_score("DG港务", "dg");
	py_start = pinyin_match_score("东莞市", "dg");
	py_start_long = pinyin_match_score("东莞市人力资源和社会保障局", "dg");
	lit_else = pinyin_match_score("港务dg", "dg");
	py_else = pinyin_match_score("广东东莞", "dg");
	assert_true(lit_start >= 0);
	assert_true(lit_start < py_start);
	assert_true(py_start < py_start_long);
	assert_true(py_start_long < lit_else);
	assert_true(lit_else < py_else);
	/* Chinese typed as such: exact prefix first */
	assert_true(pinyin_match_score("东莞市", "东莞") <
	            pinyin_match_score("广东东莞", "东莞"));
	assert_true(pinyin_match_score("东莞", "东莞") <
	            pinyin_match_score("东莞市", "东莞"));
	/* earlier start wins within a tier */
	assert_true(pinyin_match_score("市东莞", "dg") <
	            pinyin_match_score("市市东莞", "dg"));
	/* score and match agree */
	assert_true(pinyin_match_score("住房公积金", "gjj") >= 0);
	assert_true(pinyin_match_score("住房公积金", "zfgjj") <
	            pinyin_match_score("住房公积金", "gjj"));
}

/* ---- speed: 2,000 unit names x 100 queries ----------------------------- */

/* clang-format off */
static const char *const towns[] = {
	"东城街道", "南城街道", "万江街道", "莞城街道", "石碣镇", "石龙镇",
	"茶山镇", "石排镇", "企石镇", "横沥镇", "桥头镇", "谢岗镇", "东坑镇",
	"常平镇", "寮步镇", "樟木头镇", "大朗镇", "黄江镇", "清溪镇", "塘厦镇",
	"凤岗镇", "大岭山镇", "长安镇", "虎门镇", "厚街镇", "沙田镇", "道滘镇",
	"洪梅镇", "麻涌镇", "望牛墩镇", "中堂镇", "高埗镇",
	"松山湖高新技术产业开发区", "东莞滨海湾新区", "东莞港",
};
/* clang-format on */

/* clang-format off */
static const char *const units[] = {
	"人力资源和社会保障分局", "住房公积金管理部", "公安分局", "交警大队",
	"市场监督管理分局", "城市管理和综合执法分局", "生态环境分局",
	"住房和城乡建设局", "自然资源分局", "交通运输分局", "水务工程运营中心",
	"教育管理中心", "卫生健康局", "医疗保障分局", "民政办", "农业农村办",
	"经济发展局", "科技创新局", "文化服务中心", "应急管理分局", "司法所",
	"财政分局", "退役军人服务站", "政务服务中心", "林业站", "信访办",
	"税务分局", "消防救援大队", "残疾人联合会", "总工会", "供电分局",
	"供水有限公司", "燃气有限公司", "人社局", "社区卫生服务中心", "派出所",
	"劳动监察中队", "安全生产监督站", "环卫所", "规划管理所",
	"不动产登记中心", "行政服务中心", "长者服务中心", "爱心驿站",
	"企业服务中心", "招商引资办", "网格管理中心", "物业管理办", "文明办",
	"党建办", "宣传办", "统计站", "侨务办", "妇联", "团委", "调解委员会",
	"街道办事处",
};
/* clang-format on */

/* clang-format off */
static const char *const queries[] = {
	"gjj", "dc", "dg", "rsj", "ca", "za", "yh", "cq", "gs", "hk",
	"gongjijin", "gjjin", "gong ji jin", "公jj", "东g", "zfgjj", "rlzy",
	"shbz", "pcs", "jjdd", "sczj", "cg", "zhzf", "sthj", "zjj", "jt",
	"swj", "jy", "wsj", "yb", "mzb", "nync", "jjfz", "kjcx", "whfw",
	"yjgl", "sfs", "czfj", "tyjr", "zwfw", "lyz", "xfb", "swfj", "xfjy",
	"cl", "zgh", "gdfj", "gsyx", "rqyx", "sqws", "ldjc", "aqsc", "hws",
	"ghgl", "bdc", "xzfw", "zzfw", "axyz", "qyfw", "zsyz", "wggl", "wygl",
	"wmb", "djb", "xcb", "tjz", "qwb", "fl", "tw", "tjwy", "jdbsc",
	"changan", "humen", "houjie", "songshanhu", "shilong", "dalang",
	"huangjiang", "qingxi", "tangxia", "fenggang", "dalingshan",
	"zhangmutou", "dongcheng", "nancheng", "wanjiang", "guancheng", "东莞",
	"公积金", "派出所", "DG", "GJJ", "12345", "xyzq", "qqq", "zzz", "人社",
	"社保", "sb", "zhongtang",
};
/* clang-format on */

static void
test_speed(void **state)
{
	static char names[2000][160];
	struct timespec t0, t1;
	int i, j, n = 0, hits = 0, scored = 0;
	double secs;

	(void)state;
	assert_int_equal(sizeof(queries) / sizeof(queries[0]), 100);
	for (i = 0; n < 2000; i++) {
		const char *town =
		    towns[i % (sizeof(towns) / sizeof(towns[0]))];
		const char *unit =
		    units[i / (sizeof(towns) / sizeof(towns[0])) %
		          (sizeof(units) / sizeof(units[0]))];

		snprintf(names[n++], sizeof(names[0]), "%s%s", town, unit);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < 100; j++)
		for (i = 0; i < 2000; i++)
			hits += pinyin_match(names[i], queries[j]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("pinyin_match: 2000 names x 100 queries: %.1f ms "
	              "(%.2f us/match, %d hits)\n",
	              secs * 1e3, secs * 1e6 / 200000, hits);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < 100; j++)
		for (i = 0; i < 2000; i++)
			scored += pinyin_match_score(names[i], queries[j]) >= 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("pinyin_match_score: 2000 x 100: %.1f ms\n", secs * 1e3);
	/* both entry points agree, and the filter is selective */
	assert_int_equal(hits, scored);
	assert_true(hits > 2000);
	assert_true(hits < 100000);
	/* spot checks on the generated names */
	assert_true(pinyin_match(names[0], "dcjdrl"));
	assert_false(pinyin_match(names[0], "qqq"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readings),
	    cmocka_unit_test(test_table_shape),
	    cmocka_unit_test(test_initials),
	    cmocka_unit_test(test_polyphones),
	    cmocka_unit_test(test_syllables),
	    cmocka_unit_test(test_mixed),
	    cmocka_unit_test(test_ascii_case),
	    cmocka_unit_test(test_no_false_positives),
	    cmocka_unit_test(test_empty_query),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_score_order),
	    cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
