# 创先争优 · 界面文字（简体中文，默认语言）
## 组织：首页、组织页与对外主页

org-kind-committee = 党委
org-kind-working-committee = 工委
org-kind-leading-group = 党组
org-kind-branch = 支部
org-kind-party-group = 党小组
home-title = 创先争优活动
home-intro = 创建先进基层党组织、争当优秀共产党员：方案、承诺、点评、评议、考核与表彰，一处办理。
home-todo = 待办
home-tasks = 我的任务：{ $count } 项待办
home-tasks-overdue = 其中 { $count } 项逾期
home-my-organisations = 我的组织
home-portals = 公开栏
home-no-organisations = 还没有组织。
portal-plan-full = 实施方案全文
portal-label = 公开栏
org-open-plan = 实施方案
org-people = 人员（{ $count }）
org-import-roster = 导入花名册
org-public-portal = 对外主页
org-children = 下级组织
