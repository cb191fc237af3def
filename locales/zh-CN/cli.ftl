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
cli-spot-check-not-found = 没有编号为 { $id } 的随机抽查。
cli-spot-check-not-drawn = 随机抽查 { $id } 尚未抽取，还没有可复核的记录。
cli-spot-check-unreadable = 无法读取 { $file }。
cli-spot-check-too-large = { $file } 过大，不像一份抽查记录。
cli-spot-check-bad-record = { $file } 不是抽查记录：{ $error }
cli-spot-check-matches = 复核一致：抽查 { $id } 从 { $population } 项中抽出的 { $sample } 项与记录相同。
cli-spot-check-differs = 复核不一致：抽查 { $id } 的记录与重新抽取的结果不同：
cli-spot-check-cannot-draw = 无法按记录重新抽取：{ $error }
cli-spot-check-diff-population = 总体哈希：记录为 { $recorded }，重算为 { $computed }
cli-spot-check-diff-seed = 揭晓的种子与事先公布的哈希 { $published } 不符
cli-spot-check-diff-no-hash = 记录为“先公布哈希”的种子，却没有公布的哈希
cli-spot-check-diff-sample = 第 { $position } 个样本：记录为 { $recorded }，重新抽取为 { $computed }
