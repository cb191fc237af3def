# 创先争优 · 界面文字（简体中文，默认语言）
## 命令行

cli-plan-ok = 方案检查通过：{ $code } { $title }
cli-plan-error = { $file }:{ $line }:{ $column }：{ $message }
cli-plan-shifted = 方案日期整体平移 { $years } 年，今天（{ $today }）落在“{ $phase }”。
cli-plan-shift-none = 没有哪种整年平移能让今天（{ $today }）落在方案的任何阶段内，未导入。请用 --shift-years 指定年数。
cli-plan-imported = 已为“{ $org }”导入方案第 { $version } 版（日期平移 { $years } 年）。
cli-org-not-found = 找不到组织“{ $org }”
cli-roster-error = 第 { $row } 行，“{ $column }”列：{ $reason }
cli-roster-file-error = { $file }：{ $reason }
cli-roster-imported = 已导入“{ $org }”：新增 { $new } 人，更新 { $changed } 人，{ $unchanged } 人无变化。
cli-roster-exported = 已导出 { $count } 人到 { $file }
cli-audit-ok = 审计日志完好：{ $count } 条记录，哈希链连续。
cli-audit-altered = 审计日志被篡改：第 { $seq } 条记录的内容或哈希与链不符。
cli-audit-gap = 审计日志不连续：应为第 { $expected } 条，实为第 { $seq } 条（记录被删除或调换）。
cli-migrated = 数据库已是最新结构（本次执行 { $count } 个迁移）。
cli-backup-done = 已备份到 { $file }
cli-restore-done = 已从 { $file } 恢复。
cli-restore-in-use = 数据库正在被服务器使用（{ $servers }），未恢复。请先停止所有服务器，再重试。
cli-serving = 正在 http://{ $addr } 提供服务
cli-demo-ready = 演示已就绪：http://{ $addr }
cli-demo-shifted = 演示方案日期整体平移 { $years } 年：第一阶段为 { $start } 至 { $end }，今天在其中。
cli-demo-accounts = 演示账号（密码均为 { $password }）：
cli-demo-account = { $role }：{ $username }（{ $name }）
