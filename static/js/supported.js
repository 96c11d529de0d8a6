// Runs before the page is drawn so components such as the mobile menu start collapsed.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
