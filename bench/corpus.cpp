// Report generator behind fz_gen_corpus and fz_bench (see corpus.h for the contract).
#include "corpus.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (splitmix64): identical sequences everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi] (inclusive).
  int range(int lo, int hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  /// True with probability p.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<size_t>(next() % c.size())];
  }

 private:
  uint64_t s_;
};

uint64_t mix(uint64_t a, uint64_t b) {
  Rng r(a * 0x100000001B3ull ^ (b + 0x632BE59BD9B4E019ull));
  r.next();
  return r.next();
}

size_t count_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Numerals.
const std::array<const char*, 11> kDigitsZh = {"零", "一", "二", "三", "四", "五",
                                               "六", "七", "八", "九", "十"};

/// 1..99 as a Chinese numeral ("十二", "二十", "三十五").
std::string zh_number(int n) {
  if (n <= 0) return kDigitsZh[0];
  if (n <= 10) return kDigitsZh[static_cast<size_t>(n)];
  if (n < 20) return std::string("十") + kDigitsZh[static_cast<size_t>(n - 10)];
  std::string s = std::string(kDigitsZh[static_cast<size_t>(n / 10)]) + "十";
  if (n % 10) s += kDigitsZh[static_cast<size_t>(n % 10)];
  return s;
}

/// A count in Chinese as drafts write it: 两 for 2 before a measure word.
std::string zh_count(int n) { return n == 2 ? "两" : zh_number(n); }

// ---------------------------------------------------------------------------------------------
// Vocabulary.
const std::vector<const char*> kSyllables = {
    "清", "河", "安", "平", "石", "泉", "龙", "阳", "山", "水", "新", "华", "东", "西", "南",
    "北", "永", "宁", "长", "兴", "金", "沙", "丰", "乐", "云", "溪", "江", "桥", "岭", "川",
    "福", "德", "广", "昌", "和", "顺", "源", "泰", "嘉", "林", "湖", "峰", "营", "坪", "坝",
    "塘", "庄", "台", "凤", "鹤", "桃", "柳", "松", "梅", "白", "青", "黄", "红", "崇", "仁",
    "义", "礼", "信", "通", "远", "临", "高", "大", "小", "古", "哲", "措", "美", "普", "兰"};
// Rare characters outside the BMP (CJK Ext-B) occur in real place and person names; they are
// where column arithmetic (UTF-16 vs code points) goes wrong, so the corpus carries a few.
const std::vector<const char*> kRareSyllables = {"𠀀", "𪚥", "𨱏", "𠮷"};

const std::vector<const char*> kDepartments = {
    "司法局", "教育局", "市场监督管理局", "自然资源局", "卫生健康局", "人力资源和社会保障局",
    "交通运输局", "农业农村局", "住房和城乡建设局", "生态环境局", "应急管理局", "民政局",
    "财政局", "文化和旅游局", "水利局", "医疗保障局"};

struct Issuer {
  std::string county;        // 清河县
  std::string name;          // full issuer name used in the title: 清河县安平镇人民政府
  std::string short_name;    // 安平镇 / 清河县 / 清河县司法局
  std::string self;          // 我镇 / 我县 / 我局
  std::string party;         // 镇党委 / 县委 / 局党组
  std::string party_lead;    // 镇党委书记
  std::string gov_lead;      // 镇长
  std::string upper;         // salutation: 县委、县政府：
  std::string people;        // 群众 / 企业群众
  int level = 0;             // 0 township, 1 county, 2 department
};

std::string place_name(Rng& r, int syllables) {
  std::string s;
  for (int i = 0; i < syllables; ++i)
    s += r.chance(0.02) ? r.pick(kRareSyllables) : r.pick(kSyllables);
  return s;
}

Issuer make_issuer(Rng& r) {
  Issuer is;
  std::string county_base = place_name(r, 2);
  const char* csuf = r.chance(0.7) ? "县" : (r.chance(0.8) ? "区" : "旗");
  is.county = county_base + csuf;
  std::string cs = csuf;  // 县 / 区 / 旗
  double u = r.unit();
  if (u < 0.5) {  // township
    is.level = 0;
    int kind = r.range(0, 2);
    std::string town = place_name(r, 2) + (kind == 0 ? "镇" : kind == 1 ? "乡" : "街道");
    is.short_name = town;
    is.name = is.county + town + (kind == 2 ? "办事处" : "人民政府");
    if (r.chance(0.4)) is.name = town + (kind == 2 ? "办事处" : "人民政府");
    if (r.chance(0.3)) is.name = is.county + town;
    is.self = kind == 0 ? "我镇" : kind == 1 ? "我乡" : "我街道";
    is.party = kind == 0 ? "镇党委" : kind == 1 ? "乡党委" : "街道党工委";
    is.party_lead = kind == 0 ? "镇党委书记" : kind == 1 ? "乡党委书记" : "街道党工委书记";
    is.gov_lead = kind == 0 ? "镇长" : kind == 1 ? "乡长" : "街道办事处主任";
    is.upper = cs + "委、" + cs + "政府：";
    if (r.chance(0.3)) is.upper = "中共" + is.county + "委、" + is.county + "人民政府：";
  } else if (u < 0.8) {  // county-level government
    is.level = 1;
    is.short_name = is.county;
    is.name = r.chance(0.6) ? is.county + "人民政府" : is.county;
    is.self = "我" + cs;
    is.party = cs + "委";
    is.party_lead = cs + "委书记";
    is.gov_lead = cs + "长";
    is.upper = "市委、市政府：";
  } else {  // department
    is.level = 2;
    std::string dep = r.pick(kDepartments);
    is.short_name = is.county + dep;
    is.name = is.short_name;
    is.self = "我局";
    is.party = "局党组";
    is.party_lead = "局党组书记";
    is.gov_lead = "局长";
    is.upper = cs + "委、" + cs + "政府：";
  }
  is.people = r.chance(0.5) ? "群众" : "企业群众";
  return is;
}

// A theme of the 纲要 (2021—2025) task areas: headings, actions, results and statistics.
// Statistic templates use {n:a-b} (Arabic), {z:a-b} (Chinese count), {p:a-b} (percent value),
// {yu} (optional 余/多), {self}, {party}, {pl} (party lead), {gl} (gov lead), {Y}, {Y1}, {people}.
struct Theme {
  std::vector<const char*> headings;
  std::vector<const char*> actions;
  std::vector<const char*> results;
  std::vector<const char*> stats;
  std::vector<const char*> plans;
};

const std::vector<Theme>& themes() {
  static const std::vector<Theme> t = {
      {{"深入学习贯彻习近平法治思想，筑牢法治建设思想根基", "强化思想引领，提升法治意识",
        "坚持学用结合，推动习近平法治思想走深走实"},
       {"将习近平法治思想纳入{party}理论学习中心组学习的重要内容",
        "严格落实会前学法制度，把宪法、民法典和与履职相关的法律法规列入年度学法计划",
        "组织干部职工参加国家工作人员学法用法及年度考试",
        "深入开展习近平法治思想、党的二十大和二十届三中全会精神等专题学习",
        "通过专题辅导、集中研讨、线上学习等方式推动学习常态化"},
       {"干部运用法治思维和法治方式解决问题的能力明显增强", "形成了领导带头学、干部普遍学的良好氛围",
        "为法治政府建设提供了坚强思想保证"},
       {"全年组织中心组集中学法{n:3-15}次", "举办法治专题讲座{n:2-9}场，参训干部{n:40-900}{yu}人次",
        "开展会前学法{z:4-12}次", "干部学法考试参考率、合格率均达100%"},
       {"持续深化习近平法治思想学习宣传，推动学习成果转化为工作实效",
        "健全领导干部学法制度，做到学法常态化、制度化"}},
      {{"加强组织领导，压实法治建设责任", "健全工作机制，强化统筹推进", "强化组织保障，夯实法治建设根基"},
       {"成立由主要负责同志任组长的法治政府建设工作领导小组", "制定年度法治政府建设工作要点，明确责任分工和完成时限",
        "将法治建设纳入年度综合考核，与经济社会发展同部署、同推进、同督促、同考核、同奖惩",
        "定期听取法治政府建设工作汇报，研究解决重点难点问题"},
       {"形成了主要领导亲自抓、分管领导具体抓、各部门协同抓的工作格局", "法治建设各项任务得到有效落实"},
       {"召开法治政府建设专题会议{z:2-6}次，研究解决重大问题{n:3-20}个", "制定印发工作方案{n:2-8}个",
        "开展法治建设专项督查{z:2-5}次"},
       {"进一步压实法治建设责任，完善责任清单和考核办法", "健全法治政府建设推进机制，加强督促检查"}},
      {{"深化“放管服”改革，优化法治化营商环境", "依法全面履行政府职能，持续优化营商环境",
        "推进政府职能转变，提升政务服务效能"},
       {"全面落实权责清单、负面清单制度，动态调整权责事项",
        "深入推进“一网通办”“最多跑一次”改革，推行告知承诺制",
        "严格落实《优化营商环境条例》，依法平等保护各类市场主体合法权益",
        "清理妨碍统一市场和公平竞争的政策措施"},
       {"企业和{people}办事便利度不断提升", "营商环境持续优化"},
       {"梳理公布权责清单事项{n:100-900}项", "政务服务事项网上可办率达{p:85-100}%",
        "全年办理各类审批服务事项{n:1000-60000}件", "新增市场主体{n:100-5000}{yu}户",
        "办结率{p:95-100}%，群众满意率达{p:92-100}%"},
       {"持续深化“放管服”改革，打造市场化法治化国际化营商环境", "推进政务服务标准化、规范化、便利化"}},
      {{"健全依法行政制度体系，加强规范性文件管理", "严格规范性文件监督管理", "提升制度建设质量"},
       {"严格执行规范性文件合法性审核和备案审查制度", "对涉及{people}切身利益的文件广泛征求意见",
        "开展规范性文件专项清理", "落实行政规范性文件统一登记、统一编号、统一发布"},
       {"从源头上保障了政策措施合法合规", "制度体系更加完备"},
       {"审查规范性文件{n:3-40}件", "清理规范性文件{n:5-60}件，废止{n:1-9}件、修改{n:1-9}件",
        "报备规范性文件{z:2-9}件，报备率、及时率、规范率均达100%"},
       {"加强规范性文件合法性审核，确保报备率、及时率和规范率达到100%", "开展规范性文件定期清理"}},
      {{"规范重大行政决策程序，提升决策公信力", "坚持科学民主依法决策", "健全行政决策制度体系"},
       {"严格执行公众参与、专家论证、风险评估、合法性审查、集体讨论决定法定程序",
        "充分发挥法律顾问和公职律师作用，重大事项均经合法性审查", "落实重大行政决策目录管理和后评估制度",
        "严格执行《重大行政决策程序暂行条例》"},
       {"决策的科学化、民主化、法治化水平不断提高", "未发生因决策失误引发的群体性事件"},
       {"对{n:2-30}项重大行政决策事项进行合法性审查", "法律顾问出具法律意见书{n:10-200}份",
        "审查各类合同协议{n:10-150}{yu}份", "列席会议提供法律意见{z:3-20}次"},
       {"严格落实重大行政决策程序，健全决策过程记录和档案管理", "发挥法律顾问作用，提高合法性审查质量"}},
      {{"坚持严格规范公正文明执法", "深化行政执法体制改革，规范执法行为", "加强行政执法监督"},
       {"全面推行行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”",
        "落实行政裁量权基准制度，规范涉企行政检查", "推行包容审慎监管，实施轻微违法行为不予处罚清单",
        "开展行政执法案卷评查"},
       {"执法规范化水平明显提升", "行政执法质量和效能不断提高"},
       {"开展执法检查{n:20-500}次", "办理行政处罚案件{n:10-900}件，罚没款{n:3-300}万元",
        "评查行政执法案卷{n:10-120}卷，合格率{p:90-100}%", "执法人员持证上岗率达100%"},
       {"全面落实行政执法“三项制度”，加强执法人员培训", "规范涉企行政检查，减少对企业正常生产经营的干扰"}},
      {{"依法有效化解社会矛盾纠纷", "健全矛盾纠纷多元化解机制", "强化基层社会治理能力建设"},
       {"坚持和发展新时代“枫桥经验”，建立矛盾纠纷排查调处工作机制",
        "充分发挥人民调解、行政调解、司法调解联动作用", "认真落实《信访工作条例》，畅通{people}诉求表达渠道",
        "开展矛盾纠纷大排查大化解专项行动"},
       {"把矛盾化解在基层、解决在萌芽状态", "社会大局保持和谐稳定"},
       {"排查矛盾纠纷{n:50-600}{yu}次", "成功调解各类纠纷{n:10-300}件，调解成功率{p:90-100}%",
        "接待群众来访{n:30-500}人次", "化解信访积案{n:1-20}件"},
       {"坚持和发展新时代“枫桥经验”，把矛盾纠纷化解在基层", "完善矛盾纠纷多元预防调处化解机制"}},
      {{"加强行政复议和行政应诉工作", "支持配合人民法院依法审理行政案件"},
       {"落实行政机关负责人出庭应诉制度", "尊重并执行人民法院生效裁判", "发挥行政复议化解行政争议主渠道作用",
        "认真办理司法建议和检察建议"},
       {"行政争议实质性化解率不断提高", "依法行政能力得到检验和提升"},
       {"办理行政复议案件{n:1-80}件", "应诉行政诉讼案件{n:1-40}件，行政机关负责人出庭应诉率达100%",
        "全年未发生行政败诉案件", "办结司法建议{z:1-6}件"},
       {"落实行政机关负责人出庭应诉制度，提高行政应诉能力", "推动行政争议实质性化解"}},
      {{"强化权力制约监督，全面推进政务公开", "自觉接受各方面监督", "推进权力运行公开透明"},
       {"自觉接受人大法律监督、政协民主监督，认真办理建议提案", "深化政务公开，及时回应社会关切",
        "加强审计监督和统计监督", "严格落实政府信息公开申请办理制度"},
       {"权力运行更加规范透明", "政府公信力持续提升"},
       {"主动公开政府信息{n:100-3000}条", "办理人大代表建议和政协委员提案{n:5-120}件，办复率100%",
        "受理政府信息公开申请{n:1-60}件，均按时答复"},
       {"深化政务公开，提升政策解读和回应质量", "主动接受人大、政协和社会监督"}},
      {{"深化法治宣传教育，营造浓厚法治氛围", "扎实推进“八五”普法", "创新普法方式，提升普法实效"},
       {"落实“谁执法谁普法”普法责任制，公布年度普法责任清单",
        "开展“法律进机关、进乡村、进社区、进学校、进企业、进单位”活动", "利用“12·4”国家宪法日、民法典宣传月等节点开展主题宣传",
        "培育农村“法律明白人”，建设法治文化阵地"},
       {"群众尊法学法守法用法意识明显增强", "形成了办事依法、遇事找法、解决问题用法、化解矛盾靠法的良好环境"},
       {"开展普法宣传活动{n:10-300}{yu}场次，发放宣传资料{n:500-20000}{yu}份",
        "覆盖群众{n:1000-90000}人次", "培育“法律明白人”{n:20-500}名",
        "创建民主法治示范村（社区）{n:1-10}个"},
       {"深入实施“八五”普法规划，推进普法工作提质增效", "加强法治文化阵地建设，打造特色普法品牌"}},
      {{"推进数字法治政府建设", "提升政务服务数字化水平"},
       {"依托一体化政务服务平台推进“一网通办”", "推行“互联网+监管”，加强执法信息化建设",
        "推进电子证照共享互认"},
       {"数字政府建设取得新进展", "数据共享和业务协同水平不断提高"},
       {"“一网通办”事项{n:100-800}项", "电子证照应用{n:500-30000}次", "网上办件率达{p:80-99}%"},
       {"加快推进数字法治政府建设，提升政务服务智能化水平"}},
      {{"依法预防处置重大突发事件", "健全突发事件应对体系"},
       {"修订完善各类应急预案，健全应急指挥体系", "依法做好防汛、森林防火、安全生产等工作",
        "加强应急队伍建设和物资储备"},
       {"突发事件依法处置能力明显增强", "人民群众生命财产安全得到有效保障"},
       {"修订完善应急预案{n:3-30}个，开展应急演练{n:2-20}次", "排查整治安全隐患{n:30-900}处"},
       {"完善突发事件应对制度，提升依法预防处置能力"}},
      {{"加强法治队伍建设", "提升干部依法行政能力"},
       {"组织行政执法人员参加专业法律知识培训", "严格执行法学专业人才招录和执法资格管理制度",
        "加强公职律师和法律顾问队伍建设"},
       {"法治工作队伍素质进一步提高"},
       {"组织执法人员培训{n:2-12}期，参训{n:40-800}人次", "新申领行政执法证{n:3-60}个",
        "聘请法律顾问{z:1-4}名"},
       {"加强法治工作队伍建设，提升执法人员专业素质"}},
  };
  return t;
}

const std::vector<const char*> kProblems = {
    "法治学习的广度和深度还不够，学用结合不够紧密",
    "法治宣传形式较为单一，针对性和实效性有待增强",
    "行政执法规范化水平有待进一步提升，执法人员专业素质参差不齐",
    "基层法治工作力量相对薄弱，专业法律人才匮乏",
    "重大行政决策程序执行还不够严格，公众参与的广度不够",
    "规范性文件合法性审核的质量有待提高",
    "矛盾纠纷源头预防机制还不够健全",
    "法治政府建设考核评价机制有待完善",
    "“法律明白人”作用发挥不够充分",
    "数字法治建设相对滞后，信息化手段运用不足",
    "行政复议和应诉工作能力需要进一步提升",
    "政务公开的及时性和规范性有待加强"};
const std::vector<const char*> kProblemDetail = {
    "部分干部仍存在重业务、轻法治的思想",
    "在学习中较多地传达文件精神，运用理论指导实践的效果不够明显",
    "活动形式以集中学习、座谈交流为主，吸引力不足",
    "个别执法人员对新修订的法律法规掌握不够",
    "难以满足群众日益增长的法律服务需求",
    "工作开展不平衡，部分村（社区）推进较慢"};
const std::vector<const char*> kCauses = {
    "究其原因，一方面是思想认识还不够到位，对法治政府建设的重要性认识不足；另一方面是人员力量不足，"
    "专业人才引进和培养机制不健全。",
    "分析原因，主要是由于工作机制还不够健全，统筹协调不够有力，加之经费保障不足，制约了工作的深入开展。",
    "产生这些问题的原因，客观上是基层任务繁重、人员流动较大，主观上是对法治建设的长期性、艰巨性认识不足。"};

const std::vector<const char*> kIntroLead = {
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想",
    "在{upper_short}的坚强领导下，全面贯彻落实党中央、国务院关于法治政府建设的决策部署",
    "坚持以习近平法治思想为引领，认真落实《法治政府建设实施纲要（2021—2025年）》"};
const std::vector<const char*> kIntroMid = {
    "紧紧围绕中心工作，坚持依法行政、压实各级责任，规范行政决策和权力运行",
    "把法治政府建设作为全局性、基础性工作来抓，统筹推进依法行政各项工作",
    "对标对表法治政府建设目标任务，着力提升依法行政能力和水平"};

// ---------------------------------------------------------------------------------------------
// Defects (counted; each has the rate it is injected at).
struct Defects {
  std::map<std::string, int> count;
  void add(const std::string& k) { ++count[k]; }
};

// Markers of each level, with occasional malformed forms (GB/T 9704 7.3.3, GB/T 15834).
std::string marker1(Rng& r, int n, Defects& d) {
  std::string z = zh_number(n);
  if (r.chance(0.01)) { d.add("marker1-dot"); return z + "."; }
  if (r.chance(0.005)) { d.add("marker1-comma"); return z + "，"; }
  return z + "、";
}
std::string marker2(Rng& r, int n, Defects& d) {
  std::string z = zh_number(n);
  double u = r.unit();
  if (u < 0.025) { d.add("marker2-halfwidth"); return "(" + z + ")"; }
  if (u < 0.04) { d.add("marker2-mixed"); return "(" + z + "）"; }
  if (u < 0.05) { d.add("marker2-missing-open"); return z + "）"; }
  if (u < 0.056) { d.add("marker2-dunhao"); return "（" + z + "）、"; }
  return "（" + z + "）";
}
std::string marker3(Rng& r, int n, bool dunhao, Defects& d) {
  if (dunhao) { d.add("marker3-dunhao"); return std::to_string(n) + "、"; }
  if (r.chance(0.1)) return std::to_string(n) + "．";
  return std::to_string(n) + ".";
}

struct Ctx {
  Rng& r;
  const Issuer& is;
  int year;
  Defects& d;
  bool pdf_spaces = false;  // PDF-extraction artefacts: "2024 年", "18 次"
  // Once-per-report defects (drafts repeat a habit, but the rate is per report).
  bool yu_done = false, placeholder_done = false, jiezhi_done = false;
};

/// Expand {n:a-b} {z:a-b} {p:a-b} {yu} {self} {party} {pl} {gl} {Y} {Y1} {people} {upper_short}.
std::string expand(Ctx& c, std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if (t[i] != '{') { out += t[i++]; continue; }
    size_t j = t.find('}', i);
    if (j == std::string_view::npos) { out += t.substr(i); break; }
    std::string_view key = t.substr(i + 1, j - i - 1);
    i = j + 1;
    auto range = [&](std::string_view k, int& lo, int& hi) {
      auto colon = k.find(':'), dash = k.find('-');
      lo = std::stoi(std::string(k.substr(colon + 1, dash - colon - 1)));
      hi = std::stoi(std::string(k.substr(dash + 1)));
    };
    int lo = 0, hi = 0;
    std::string sp = c.pdf_spaces ? " " : "";
    if (key.starts_with("n:")) {
      range(key, lo, hi);
      int v = c.r.range(lo, hi);
      if (v >= 100 && c.r.chance(0.5)) v = v / 10 * 10;  // round figures are common
      out += sp + std::to_string(v) + sp;
    } else if (key.starts_with("z:")) {
      range(key, lo, hi);
      out += zh_count(c.r.range(lo, hi));
    } else if (key.starts_with("p:")) {
      range(key, lo, hi);
      int v = c.r.range(lo, hi);
      if (v < 100 && c.r.chance(0.3)) out += std::to_string(v) + "." + std::to_string(c.r.range(1, 9));
      else out += std::to_string(v);
    } else if (key == "yu") {
      double u = c.r.unit();
      if (u < 0.35) out += "余";
      else if (u < 0.45) out += "多";
    } else if (key == "self") out += c.is.self;
    else if (key == "party") out += c.is.party;
    else if (key == "pl") out += c.is.party_lead;
    else if (key == "gl") out += c.is.gov_lead;
    else if (key == "people") out += c.is.people;
    else if (key == "Y") out += sp + std::to_string(c.year) + sp;
    else if (key == "Y1") out += sp + std::to_string(c.year + 1) + sp;
    else if (key == "upper_short") out += c.is.level == 1 ? "市委、市政府" : "县委、县政府";
    else out += "{" + std::string(key) + "}";
  }
  return out;
}

/// Occasional sentence-level defects, applied to a sentence body (without its 。).
std::string maybe_defect(Ctx& c, std::string s) {
  if (c.r.chance(0.006)) {  // ASCII comma in Chinese running text
    auto p = s.find("，");
    if (p != std::string::npos) { s.replace(p, 3, ","); c.d.add("ascii-comma"); }
  }
  if (c.r.chance(0.006)) {  // doubled word (配合配合)
    auto p = s.find("落实");
    if (p != std::string::npos) { s.insert(p, "落实"); c.d.add("doubled-word"); }
  }
  if (c.r.chance(0.004)) {  // unclosed quote
    auto p = s.find("”");
    if (p != std::string::npos) { s.erase(p, 3); c.d.add("unclosed-quote"); }
  }
  return s;
}

/// Draws items of a list without replacement, refilling when exhausted, so a paragraph does not
/// repeat itself until it has used every template once.
class Bag {
 public:
  Bag(Rng& r, size_t n) : r_(r), n_(n) {}
  size_t next() {
    if (left_.empty()) {
      for (size_t i = 0; i < n_; ++i) left_.push_back(i);
      for (size_t i = left_.size(); i > 1; --i) std::swap(left_[i - 1], left_[r_.next() % i]);
    }
    size_t v = left_.back();
    left_.pop_back();
    return v;
  }

 private:
  Rng& r_;
  size_t n_;
  std::vector<size_t> left_;
};

const std::vector<const char*> kGeneric = {
    "坚持问题导向和目标导向，建立工作台账，实行清单化管理、销号式推进",
    "把法治要求贯穿于各项工作全过程",
    "注重总结提炼经验做法，形成了一批可复制可推广的工作成果",
    "加强与上级业务部门的沟通对接，及时掌握政策要求",
    "定期开展自查自纠，对发现的问题即知即改",
    "强化督促检查，确保各项任务落地见效",
    "坚持把群众满意作为检验工作成效的根本标准",
    "主动对接{people}需求，推动服务方式由被动向主动转变"};

struct Para {
  Ctx& c;
  const Theme& t;
  bool plan;
  Bag stats, actions, results, generic, plans;
  Para(Ctx& cc, const Theme& tt, bool pl)
      : c(cc), t(tt), plan(pl), stats(cc.r, tt.stats.size()), actions(cc.r, tt.actions.size()),
        results(cc.r, tt.results.size()), generic(cc.r, kGeneric.size()), plans(cc.r, tt.plans.size()) {}

  std::string stat() {
    std::string s = expand(c, t.stats[stats.next()]);
    if (!c.yu_done && c.r.chance(0.002)) {  // 余 after a single digit ("4余次")
      s = "集中学法" + std::to_string(c.r.range(2, 9)) + "余次，" + s;
      c.d.add("yu-after-single-digit");
      c.yu_done = true;
    }
    if (!c.placeholder_done && c.r.chance(0.001)) {
      s += "，开展专项活动XX次";
      c.d.add("placeholder");
      c.placeholder_done = true;
    }
    const char* lead[] = {"全年", "一年来，", "截至年底，", "", "", "", "{Y}年，"};
    std::string l = expand(c, lead[c.r.range(0, 6)]);
    if (std::string_view(s).starts_with("全年") || std::string_view(s).starts_with("覆盖")) l.clear();
    if (l == "截至年底，" && !c.jiezhi_done && c.r.chance(0.02)) {
      l = "截止目前，";
      c.d.add("jiezhi-mumian");
      c.jiezhi_done = true;
    }
    return l + s;
  }
  std::string action() {
    std::string s = c.r.chance(0.2) ? expand(c, kGeneric[generic.next()]) : expand(c, t.actions[actions.next()]);
    if (c.r.chance(0.4)) s += "，" + expand(c, t.actions[actions.next()]);
    if (c.r.chance(0.5)) s += "，" + expand(c, t.results[results.next()]);
    return maybe_defect(c, s);
  }
  /// Plans speak of next year: no statistics, no results already achieved.
  std::string plan_sentence() {
    std::string s = c.r.chance(0.5) ? expand(c, t.plans[plans.next()]) : expand(c, t.actions[actions.next()]);
    if (c.r.chance(0.4)) s += "，" + expand(c, kGeneric[generic.next()]);
    return maybe_defect(c, s);
  }
  std::string sentence() { return plan ? plan_sentence() : c.r.chance(0.45) ? stat() : action(); }
};

/// Short item leads for 一是…/1. items: the clauses of the theme's headings and plans.
std::vector<std::string> item_leads(Ctx& c, const Theme& t, bool plan) {
  std::vector<std::string> v;
  auto add_clauses = [&](const char* h) {
    std::string s = expand(c, h);
    size_t b = 0;
    while (b < s.size()) {
      size_t e = s.find("，", b);
      std::string part = s.substr(b, e == std::string::npos ? std::string::npos : e - b);
      if (count_chars(part) >= 4 && count_chars(part) <= 16) v.push_back(part);
      if (e == std::string::npos) break;
      b = e + 3;
    }
  };
  for (auto* h : plan ? t.plans : t.headings) add_clauses(h);
  for (auto* h : t.actions) add_clauses(h);
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[c.r.next() % i]);
  return v;
}

/// One body paragraph for a theme, about `budget` characters. With `enumerate`, sentences are
/// grouped under 一是/二是 items (2–5 items; the rest of the budget continues as plain text).
std::string theme_paragraph(Ctx& c, const Theme& t, size_t budget, bool enumerate, bool plan = false,
                            int first_item = 1) {
  Para g(c, t, plan);
  std::string p;
  auto leads = item_leads(c, t, plan);
  int item = first_item - 1;
  int max_items = c.r.range(2, 5);
  while (count_chars(p) < budget) {
    if (enumerate && item < max_items && static_cast<size_t>(item - first_item + 1) < leads.size()) {
      ++item;
      p += zh_number(item) + "是" + leads[static_cast<size_t>(item - first_item)] + "。" + g.sentence() + "。";
      if (c.r.chance(0.5)) p += g.sentence() + "。";
    } else {
      p += g.sentence() + "。";
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// One report.
struct Report {
  std::vector<std::string> lines;  // paragraphs (one per line)
  void add(std::string s) { lines.push_back(std::move(s)); }
  size_t chars() const {
    size_t n = 0;
    for (auto& l : lines) n += count_chars(l) + 1;
    return n;
  }
};

enum class FrpPlace { Standalone, First, SubSection, Item, Absent };

std::string title_line(Ctx& c) {
  const auto& is = c.is;
  std::string Y = std::to_string(c.year);
  double u = c.r.unit();
  if (u < 0.35) return is.name + Y + "年法治政府建设年度报告";
  if (u < 0.55) return is.name + Y + "年度法治政府建设情况报告";
  if (u < 0.75) return is.name + "关于" + Y + "年度法治政府建设工作情况的报告";
  if (u < 0.85) return is.short_name + Y + "年度法治政府建设工作报告";
  if (u < 0.9) { c.d.add("title-year-first"); return Y + "年" + is.short_name + "法治政府建设情况"; }
  if (u < 0.94) { c.d.add("title-no-year"); return is.name + "关于法治政府建设的情况报告"; }
  c.d.add("title-two-lines");
  return is.name + "关于" + Y + "年度法治政府建设\n工作情况的报告";
}

Report make_report(uint64_t seed, size_t target_chars, Defects& d) {
  Rng r(seed);
  Issuer is = make_issuer(r);
  int year = r.range(2019, 2025);
  Ctx c{r, is, year, d};
  Report rep;
  const auto& T = themes();

  // Budget split (characters).
  size_t body_chars = target_chars > 600 ? target_chars - 400 : 200;
  size_t b_ach = body_chars * 55 / 100, b_sh = body_chars * 11 / 100, b_frp = body_chars * 13 / 100,
         b_plan = body_chars - b_ach - b_sh - b_frp;

  // Title, front matter.
  rep.add(title_line(c));
  if (is.level == 1 && r.chance(0.08)) {
    rep.add("——" + std::to_string(year + 1) + "年" + std::to_string(r.range(1, 3)) + "月" +
            std::to_string(r.range(1, 28)) + "日在" + is.county + "第" + zh_number(r.range(15, 19)) +
            "届人民代表大会常务委员会第" + zh_number(r.range(10, 40)) + "次会议上");
    rep.add("主任、各位副主任、委员：");
  } else if (r.chance(0.25)) {
    rep.add(is.upper);
  }
  // Intro.
  std::string intro = std::to_string(year) + "年以来，" + (r.chance(0.5) ? is.short_name : is.self) +
                      expand(c, r.pick(kIntroLead)) + "，" + expand(c, r.pick(kIntroMid)) +
                      "，扎实推进法治政府建设，取得了积极成效。";
  if (year >= 2022 && r.chance(0.03)) {
    intro += "全面完成“十三五”规划确定的各项目标任务。";
    d.add("anachronism-13th-plan");
  }
  if (r.chance(0.9)) intro += "现将有关情况报告如下：";
  rep.add(intro);

  // Which parts exist and where the 第一责任人 content sits.
  double u = r.unit();
  FrpPlace frp = u < 0.55   ? FrpPlace::Standalone
                 : u < 0.67 ? FrpPlace::First
                 : u < 0.8  ? FrpPlace::SubSection
                 : u < 0.93 ? FrpPlace::Item
                            : FrpPlace::Absent;
  if (frp == FrpPlace::Absent) d.add("missing-frp-part");
  bool has_short = !r.chance(0.03);
  if (!has_short) d.add("missing-shortcomings");
  bool has_plan = !r.chance(0.03);
  if (!has_plan) d.add("missing-plan");
  bool themed_h1 = r.chance(0.2);  // several themed H1s instead of one 成效 part
  bool arabic_dunhao = r.chance(0.05);
  bool skip_level2 = r.chance(0.04);
  if (skip_level2) d.add("level-skip");
  r.next();  // a spare draw (blank lines are decided in render()); keeps published corpora identical
  int h1 = 0;
  std::string Y = std::to_string(year), Y1 = std::to_string(year + 1);

  auto frp_paragraphs = [&](size_t budget) {
    std::vector<std::string> ps;
    std::string term = r.chance(0.04) ? (d.add("frp-term-missing-ren"), "推进法治建设第一责任职责")
                                       : "推进法治建设第一责任人职责";
    const char* frp_lines[] = {
        "{pl}切实履行" "%T" "，对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办",
        "{pl}先后主持召开{party}会议专题研究法治建设工作{z:2-6}次，听取法治政府建设工作汇报{z:1-4}次",
        "{gl}认真落实法治政府建设各项任务，将法治建设纳入政府工作报告，与经济社会发展同部署、同推进、同考核",
        "党政主要负责人带头学法用法，参加集中学法{z:3-12}次，带头旁听庭审{z:1-3}次",
        "{gl}作为行政机关负责人出庭应诉{z:1-3}次，带头尊重和执行人民法院生效裁判",
        "严格落实年度述法制度，党政主要负责人在年终述职中专题述法",
        "对下级党政主要负责人和各部门负责人履行职责情况开展督促检查{z:1-5}次"};
    std::string p;
    int k = 0;
    Bag bag(r, 7);
    while (count_chars(p) < budget && k < 7) {
      std::string s = expand(c, frp_lines[bag.next()]);
      auto t = s.find("%T");
      if (t != std::string::npos) s.replace(t, 2, term);
      p += s + "。";
      ++k;
      if (count_chars(p) > 260 && r.chance(0.35)) { ps.push_back(p); p.clear(); }
    }
    if (!p.empty()) ps.push_back(p);
    return ps;
  };

  auto frp_heading = [&](int n) {
    double v = r.unit();
    if (v < 0.6)
      return marker1(r, n, d) + Y + "年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况";
    if (v < 0.85) return marker1(r, n, d) + "党政主要负责人履行推进法治建设第一责任人职责情况";
    return marker1(r, n, d) + "扛牢主体责任，坚决履行法治建设第一责任人职责";
  };

  auto emit_frp_h1 = [&]() {
    rep.add(frp_heading(++h1));
    for (auto& p : frp_paragraphs(b_frp)) rep.add(p);
  };

  // Sub-sections of a themed block.
  auto emit_subsections = [&](size_t budget, int nsubs, bool plan, bool frp_sub, bool frp_item) {
    std::vector<size_t> order;
    for (size_t i = 0; i < T.size(); ++i) order.push_back(i);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[r.next() % i]);
    bool run_in = r.chance(0.55);
    bool end_mark_inconsistent = !run_in && r.chance(0.06);
    int ord = 0;
    size_t per = budget / static_cast<size_t>(std::max(1, nsubs));
    for (int i = 0; i < nsubs; ++i) {
      ++ord;
      if (frp_sub && i == 0) {
        std::string h = (skip_level2 ? marker3(r, ord, arabic_dunhao, d) : marker2(r, ord, d)) +
                        "加强党的领导，履行推进法治建设第一责任人职责";
        auto ps = frp_paragraphs(per);
        if (run_in) { rep.add(h + "。" + ps[0]); for (size_t k = 1; k < ps.size(); ++k) rep.add(ps[k]); }
        else { rep.add(h); for (auto& p : ps) rep.add(p); }
        continue;
      }
      const Theme& t = T[order[static_cast<size_t>(i) % order.size()]];
      std::string head = plan ? expand(c, r.pick(t.plans)) : expand(c, r.pick(t.headings));
      if (plan) {  // plan headings are shorter: keep the first clause
        auto comma = head.find("，");
        if (comma != std::string::npos && r.chance(0.6)) head = head.substr(0, comma);
      }
      std::string h = (skip_level2 ? marker3(r, ord, arabic_dunhao, d) : marker2(r, ord, d)) + head;
      bool enumerate = r.chance(0.45);
      size_t first_budget = per;
      std::string item0;
      if (frp_item && i == 0) {
        item0 = "一是压实第一责任人职责。" + expand(c, "{pl}切实履行推进法治建设第一责任人职责，"
                                                   "主持召开专题会议{z:2-5}次研究法治建设工作。");
        enumerate = true;
      }
      std::string body = item0.empty() ? theme_paragraph(c, t, first_budget, enumerate, plan)
                                       : item0 + theme_paragraph(c, t, first_budget, true, plan, 2);
      if (plan && r.chance(0.4)) body = expand(c, "{Y1}年，{self}将") + body;
      if (run_in) {
        rep.add(h + "。" + body);
      } else {
        if (end_mark_inconsistent && i == nsubs - 1) { h += "。"; d.add("heading-end-mark-inconsistent"); }
        rep.add(h);
        // Long bodies split into paragraphs; some get level-3 items.
        if (!plan && !skip_level2 && r.chance(0.12)) {
          int n3 = r.range(2, 4);
          for (int k = 1; k <= n3; ++k) {
            std::string lead = expand(c, r.pick(t.headings));
            auto comma = lead.find("，");
            if (comma != std::string::npos) lead = lead.substr(0, comma);
            rep.add(marker3(r, k, arabic_dunhao, d) + lead + "。" +
                    theme_paragraph(c, t, per / static_cast<size_t>(n3), false));
          }
        } else {
          rep.add(body);
        }
      }
    }
  };

  if (frp == FrpPlace::First) emit_frp_h1();

  // Part 1: measures and results (one part with sub-sections, or several themed H1s).
  bool frp_sub = frp == FrpPlace::SubSection, frp_item = frp == FrpPlace::Item;
  if (themed_h1) {
    int n = r.range(2, 4);
    for (int i = 0; i < n; ++i) {
      const Theme& t = r.pick(T);
      std::string h = marker1(r, ++h1, d) + expand(c, r.pick(t.headings));
      if (r.chance(0.3)) {
        rep.add(h + "。" + theme_paragraph(c, t, b_ach / static_cast<size_t>(n), r.chance(0.5)));
      } else {
        rep.add(h);
        emit_subsections(b_ach / static_cast<size_t>(n),
                         std::clamp(static_cast<int>(b_ach / static_cast<size_t>(n) / 600), 2, 5), false, frp_sub && i == 0,
                         frp_item && i == 0);
      }
    }
  } else {
    const char* heads[] = {"{Y}年度推进法治政府建设的主要举措和成效", "主要举措和成效", "工作开展情况",
                           "{Y}年法治政府建设主要工作与成效", "推进法治政府建设的主要举措和成效",
                           "{Y}年度法治政府建设工作推进情况", "主要工作及成效"};
    rep.add(marker1(r, ++h1, d) + expand(c, heads[r.range(0, 6)]));
    int nsubs = std::clamp(static_cast<int>(b_ach / 600) + r.range(0, 1), 2, 9);
    emit_subsections(b_ach, nsubs, false, frp_sub, frp_item);
  }

  // Part 2: shortcomings (and causes).
  if (has_short) {
    const char* heads[] = {"{Y}年度推进法治政府建设存在的不足和原因", "存在的不足和原因", "存在的问题",
                           "存在的不足", "{Y}年度法治政府建设存在的问题和原因"};
    rep.add(marker1(r, ++h1, d) + expand(c, heads[r.range(0, 4)]));
    std::string p = (r.chance(0.5) ? is.short_name : is.self) +
                    "在法治政府建设上虽已取得一定成效，但对照上级要求和群众期盼，仍存在一些问题和不足，主要表现在：";
    std::vector<size_t> idx;
    for (size_t i = 0; i < kProblems.size(); ++i) idx.push_back(i);
    for (size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[r.next() % i]);
    int n = 0;
    while (count_chars(p) < b_sh * 3 / 4 && n < 6) {
      p += zh_number(n + 1) + "是" + kProblems[idx[static_cast<size_t>(n)]] + "。";
      if (r.chance(0.6)) p += std::string(r.pick(kProblemDetail)) + "。";
      ++n;
    }
    rep.add(p);
    if (r.chance(0.65)) rep.add(r.pick(kCauses));
    else d.add("shortcomings-without-causes");
  }

  if (frp == FrpPlace::Standalone) emit_frp_h1();

  // Part 4: next year's plan.
  if (has_plan) {
    const char* heads[] = {"{Y1}年度推进法治政府建设的主要安排", "下一步工作打算", "{Y1}年工作计划",
                           "下一步工作安排", "{Y1}年法治政府建设工作思路"};
    std::string h = marker1(r, ++h1, d) + expand(c, heads[r.range(0, 4)]);
    if (r.chance(0.02) && h.find(Y1) != std::string::npos) {
      h.replace(h.find(Y1), Y1.size(), Y);
      d.add("plan-year-mismatch");
    }
    rep.add(h);
    std::string lead = Y1 + "年，" + is.self + "将继续坚持以习近平法治思想为指导，" +
                       (year + 1 == 2025   ? "紧扣“十四五”规划收官之年目标任务，"
                        : year + 1 == 2026 ? "围绕“十五五”规划开局之年目标任务，"
                                           : "") +
                       "坚决履行推进法治建设第一责任人职责，持续推进法治政府建设提质增效。";
    rep.add(lead);
    emit_subsections(b_plan, std::clamp(static_cast<int>(b_plan / 380), 2, 5), true, false, false);
  }

  // Quote lists: 顿号 between quoted items (GB/T 15834 4.5.3.5) is frequent in drafts.
  if (r.chance(0.1) && rep.lines.size() > 4) {
    auto& l = rep.lines[static_cast<size_t>(r.range(3, static_cast<int>(rep.lines.size() * 6 / 10)))];
    auto p = l.find("。");
    if (p != std::string::npos) {
      l.insert(p, "，推行“减证便民”、“证照分离”改革");
      d.add("dunhao-between-quotes");
    }
  }

  // Signature and date.
  rep.add(is.level == 2 ? is.short_name : (is.name.find("人民政府") != std::string::npos ||
                                                  is.name.find("办事处") != std::string::npos
                                              ? is.name
                                              : is.short_name + "人民政府"));
  int m = r.range(1, 3), dd = r.range(1, 28);
  if (r.chance(0.03)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d年%02d月%02d日", year + 1, m, dd);
    rep.add(buf);
    d.add("date-zero-padded");
  } else {
    rep.add(Y1 + "年" + std::to_string(m) + "月" + std::to_string(dd) + "日");
  }

  return rep;
}

/// Lay the report out as a file: indentation, blank lines, PDF spaces, line endings.
std::string render(const Report& rep, Rng& r, Defects& d) {
  bool indent = r.chance(0.3);     // 　　 full-width indentation of body paragraphs
  bool blank = r.chance(0.15);     // blank line between paragraphs
  bool crlf = r.chance(0.05);      // Windows line endings
  bool pdf = r.chance(0.03);       // "2024 年" — PDF extraction spaces in one paragraph
  if (crlf) d.add("crlf");
  std::string out;
  size_t pdf_line = rep.lines.size() > 3 ? static_cast<size_t>(r.range(2, static_cast<int>(rep.lines.size()) - 2)) : 0;
  for (size_t i = 0; i < rep.lines.size(); ++i) {
    std::string l = rep.lines[i];
    if (pdf && i == pdf_line) {
      std::string t;
      for (size_t k = 0; k < l.size(); ++k) {
        bool digit = l[k] >= '0' && l[k] <= '9';
        bool prev_digit = k > 0 && l[k - 1] >= '0' && l[k - 1] <= '9';
        if (!digit && prev_digit && static_cast<unsigned char>(l[k]) >= 0x80) t += ' ';
        t += l[k];
      }
      l = t;
      d.add("pdf-spaces");
    }
    bool body = i > 0 && count_chars(l) > 60;
    if (indent && body) out += "　　";
    out += l;
    out += crlf ? "\r\n" : "\n";
    if (blank && i + 1 < rep.lines.size()) out += crlf ? "\r\n" : "\n";
  }
  return out;
}

/// Target length: 2,000–12,000 characters, skewed toward 3,000–7,000 as in real reports.
size_t pick_target(Rng& r) {
  double u = r.unit();
  return 2300 + static_cast<size_t>(8600.0 * u * u);
}

std::string generate(uint64_t seed, Defects& d) {
  // Retry with derived seeds until the length is inside the promised range (rarely needed).
  for (uint64_t attempt = 0;; ++attempt) {
    Rng r(mix(seed, attempt));
    size_t target = pick_target(r);
    Defects local;
    Report rep = make_report(r.next(), target, local);
    std::string text = render(rep, r, local);
    size_t n = count_chars(text);
    if ((n >= 2000 && n <= 12000) || attempt > 50) {
      for (auto& [k, v] : local.count) d.count[k] += v;
      return text;
    }
  }
}

}  // namespace

namespace fz::bench {

uint64_t report_seed(uint64_t seed, uint64_t index) { return mix(seed, index); }

std::string generate_report(uint64_t seed, std::map<std::string, int>* defects) {
  Defects d;
  std::string text = generate(seed, d);
  if (defects)
    for (auto& [k, v] : d.count) (*defects)[k] += v;
  return text;
}

std::string generate_big(uint64_t seed, size_t min_bytes) {
  std::string big;
  big.reserve(min_bytes + 16384);
  Defects d;
  for (uint64_t k = 0; big.size() < min_bytes; ++k) big += generate(mix(seed ^ 0xB16B16ull, k), d);
  return big;
}

size_t count_code_points(std::string_view s) { return count_chars(s); }

}  // namespace fz::bench
