/**
 * The page shell. No data and no inline script or style (the CSP forbids
 * both); the app fetches everything through the JSON API after login.
 * `data:,` as the icon spares a favicon request.
 */
export const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aegis LLM admin</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/assets/app.css">
</head>
<body>
<div id="app"><noscript>The Aegis LLM admin page needs JavaScript.</noscript></div>
<script type="module" src="/admin/assets/app.js"></script>
</body>
</html>
`;
