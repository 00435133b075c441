// The browser test reads these attributes back: they prove the script ran, and saw the stylesheet
document.body.setAttribute("data-script", "ran");
document.body.setAttribute("data-color", getComputedStyle(document.getElementById("probe")).color);
