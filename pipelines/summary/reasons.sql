-- Rejected rows and warnings by reason code, for `yingcai run`'s summary.
SELECT 'rejected' AS kind, reason, count(*) AS rows FROM quarantine.rejected_rows GROUP BY reason
UNION ALL
SELECT 'warning', reason, count(*) FROM audit.row_warnings GROUP BY reason
ORDER BY kind, rows DESC, reason;
